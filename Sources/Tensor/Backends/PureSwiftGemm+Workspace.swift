import Synchronization

extension PureSwiftGemm {
    /// The packing buffers one gemm call uses on one thread: a packed block of op(A), a packed
    /// panel of op(B) and a scratch tile for the partial tiles at the edges of C.
    ///
    /// Buffers only grow, so after the first products of a given size a call allocates nothing.
    /// Instances live in ``pool`` while idle; see ``withWorkspace(_:)``.
    final class Workspace: @unchecked Sendable {
        // Why `@unchecked Sendable` is safe: an instance is only ever reachable from one thread at
        // a time. It sits in `pool` (guarded by the pool's mutex) while idle; `withWorkspace`
        // removes it under the lock, hands it to exactly one caller, and puts it back under the
        // lock when that caller returns. The mutex orders the hand-overs, so no two threads ever
        // touch the buffers concurrently.

        /// Packed MR-row slivers of op(A) (or of op(B)ᵀ on the narrow path).
        private(set) var packedA = Buffer()
        /// Packed NR-column slivers of op(B).
        private(set) var packedB = Buffer()
        /// One MR×NR tile for edge tiles of C.
        private(set) var tile = Buffer()

        /// Makes the buffers hold at least the given numbers of floats (contents are not kept).
        func reserve(packedA a: Int, packedB b: Int, tile t: Int) {
            packedA.reserve(a)
            packedB.reserve(b)
            tile.reserve(t)
        }

        deinit {
            packedA.free()
            packedB.free()
            tile.free()
        }
    }

    /// A growable, 64-byte aligned float buffer (one cache line, one `SIMD16<Float>`).
    struct Buffer {
        private(set) var base = UnsafeMutablePointer<Float>.allocate(capacity: 16)
        private(set) var capacity = 16

        mutating func reserve(_ count: Int) {
            guard count > capacity else { return }
            free()
            // Round up so a few slightly larger calls do not each reallocate.
            capacity = (count + 4095) & ~4095
            base = UnsafeMutableRawPointer.allocate(
                byteCount: capacity * MemoryLayout<Float>.stride, alignment: 64
            ).bindMemory(to: Float.self, capacity: capacity)
        }

        func free() { base.deallocate() }
    }

    /// Idle workspaces; at most one per thread that has ever run a product concurrently.
    private static let pool = Mutex<[Workspace]>([])

    /// Runs `body` with a workspace that no other thread uses until `body` returns.
    ///
    /// Takes an idle workspace from the pool (or makes one the first time) and returns it after.
    /// In steady state this allocates nothing: the pool array keeps its capacity.
    static func withWorkspace<R>(_ body: (Workspace) -> R) -> R {
        let workspace = pool.withLock { $0.popLast() } ?? Workspace()
        defer { pool.withLock { $0.append(workspace) } }
        return body(workspace)
    }

    private static let threadSetting = Atomic<Int>(1)

    /// Worker threads one pure-Swift product may use (default 1; single-thread speed is the
    /// target, 2 splits large products over both cores).
    package static var threadCount: Int {
        get { threadSetting.load(ordering: .relaxed) }
        set {
            precondition(newValue >= 1, "PureSwiftGemm.threadCount must be >= 1, got \(newValue)")
            threadSetting.store(newValue, ordering: .relaxed)
        }
    }
}
