#if canImport(Dispatch)
    import Dispatch
#endif

extension SparseRowMatrix {
    /// C ← α·S·B + β·C, with S = `self` (rows × columns), B dense row-major columns × `n` (row
    /// stride `ldb`), C rows × `n` (row stride `ldc`). β = 0 overwrites C without reading it.
    ///
    /// Each output row is accumulated over its nonzeros in ascending column order, in register
    /// blocks of 64 columns (eight AVX2 vectors; the 784×64 slice of B, 200 KB, packed
    /// contiguous, stays in L2 while every row of S streams past it), then narrower blocks that
    /// run four rows side by side (`SparseRowMatrix+Interleaved.swift`). Rows are split over
    /// `threads` workers in contiguous blocks of ``rowOrder``; each row's sums are the same
    /// whichever rows share its block, so the result does not depend on the thread count.
    /// Cost: 2·nonzeros·n FLOPs. Allocates nothing.
    public func multiply(
        n: Int, alpha: Float = 1, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = 1
    ) {
        precondition(n >= 0 && ldb >= max(1, n) && ldc >= max(1, n), "sparse multiply: n \(n), ldb \(ldb), ldc \(ldc)")
        if rows == 0 || n == 0 { return }
        // Below ~2 MFLOP per worker a second thread costs more than it saves.
        let workers = max(1, min(threads, 2 * nonzeros * n / 2_000_000, rows))
        withOperands(n: n, alpha: alpha, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc) { operands in
            // Chunks of whole four-row groups, so no group is split between workers.
            let (rows, chunk) = (rows, ((rows + workers - 1) / workers + 3) / 4 * 4)
            Self.forEachWorker(workers) { worker in
                operands.multiplyRows(min(rows, worker * chunk)..<min(rows, (worker + 1) * chunk))
            }
        }
    }

    /// Runs `body` on the raw operands of a product of this matrix with B (row stride `ldb`)
    /// into C (row stride `ldc`); the pointers are valid only inside `body`.
    func withOperands(
        n: Int, alpha: Float, b: UnsafePointer<Float>, ldb: Int, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int, _ body: (SparseProductOperands) -> Void
    ) {
        values.withUnsafeBufferPointer { values in
            columnIndices.withUnsafeBufferPointer { columns in
                rowStarts.withUnsafeBufferPointer { starts in
                    rowOrder.withUnsafeBufferPointer { order in
                        body(SparseProductOperands(
                            values: values.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                            columns: columns.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                            starts: starts.baseAddress!, order: order.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                            depth: self.columns, n: n, alpha: alpha, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc))
                    }
                }
            }
        }
    }

    /// `work(worker)` for every worker in `0 ..< workers`, concurrently when there are several;
    /// returns when all have finished.
    static func forEachWorker(_ workers: Int, _ work: @Sendable (Int) -> Void) {
        if workers == 1 { return work(0) }
        #if canImport(Dispatch)
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        #else
            for worker in 0..<workers { work(worker) }
        #endif
    }
}

/// The raw operands of one sparse product, shared read-only by its workers (each writes a
/// disjoint block of C rows; `multiply` returns only after all of them finish).
struct SparseProductOperands: @unchecked Sendable {
    let values: UnsafePointer<Float>
    let columns: UnsafePointer<Int32>
    let starts: UnsafePointer<Int>
    /// ``SparseRowMatrix/rowOrder``: the row at each position of a worker's range.
    let order: UnsafePointer<Int32>
    /// Columns of S = rows of B.
    let depth: Int
    let n: Int
    let alpha: Float
    let b: UnsafePointer<Float>
    let ldb: Int
    let beta: Float
    let c: UnsafeMutablePointer<Float>
    let ldc: Int

    /// The rows at positions `range` of ``order`` of C, column block by column block.
    ///
    /// For the 64-wide blocks, the `depth × 64` slab of B is first copied into a contiguous
    /// buffer (a pure-Swift gemm workspace, so nothing is allocated in steady state) when the
    /// rows have more nonzeros than B has rows: every nonzero then reads 256 consecutive bytes of
    /// one 200 KB region (50 pages; B itself spans ~460 for n = 600) instead of a piece of a row
    /// `ldb` floats long. (5000×784 at 19 % nonzeros times 784×300, one thread: 23–27 → 18–19.5
    /// ms, best of 25.)
    func multiplyRows(_ range: Range<Int>) {
        var column = 0
        if n >= 64 && starts[range.upperBound] - starts[range.lowerBound] > depth {
            PureSwiftGemm.withWorkspace { workspace in
                workspace.reserve(packedA: 0, packedB: depth * 64, tile: 0)
                let slab = workspace.packedB.base
                let matrix = StridedMatrix(b, leadingDimension: ldb, transpose: .none)
                while n - column >= 64 {
                    PureSwiftGemm.packB(
                        matrix, depth: 0..<depth, columns: column..<(column + 64), width: 64,
                        into: slab)
                    block64(rows: range, b: slab, ldb: 64, column: column)
                    column += 64
                }
            }
        }
        while n - column >= 64 {
            block64(rows: range, b: b + column, ldb: ldb, column: column)
            column += 64
        }
        narrowColumns(positions: range, from: column)
    }

    /// C[rows, column ..< column + 64] in eight named `SIMD8` accumulators per row (a generic
    /// `SIMD64` accumulator is not kept in registers: LLVM spills it and goes scalar), from the
    /// 64 columns of B at `bColumn` (row stride `ldb`: B's own, or 64 for a packed slab).
    private func block64(rows positions: Range<Int>, b bColumn: UnsafePointer<Float>, ldb: Int, column: Int) {
        typealias V = SIMD8<Float>
        for position in positions {
            let i = Int(order[position])
            var a0 = V(), a1 = V(), a2 = V(), a3 = V(), a4 = V(), a5 = V(), a6 = V(), a7 = V()
            for p in starts[i]..<starts[i + 1] {
                let x = values[p]
                let row = UnsafeRawPointer(bColumn + Int(columns[p]) * ldb)
                multiplyAdd(&a0, x, row.loadUnaligned(as: V.self))
                multiplyAdd(&a1, x, row.loadUnaligned(fromByteOffset: 32, as: V.self))
                multiplyAdd(&a2, x, row.loadUnaligned(fromByteOffset: 64, as: V.self))
                multiplyAdd(&a3, x, row.loadUnaligned(fromByteOffset: 96, as: V.self))
                multiplyAdd(&a4, x, row.loadUnaligned(fromByteOffset: 128, as: V.self))
                multiplyAdd(&a5, x, row.loadUnaligned(fromByteOffset: 160, as: V.self))
                multiplyAdd(&a6, x, row.loadUnaligned(fromByteOffset: 192, as: V.self))
                multiplyAdd(&a7, x, row.loadUnaligned(fromByteOffset: 224, as: V.self))
            }
            let target = c + i * ldc + column
            write(a0, to: target)
            write(a1, to: target + 8)
            write(a2, to: target + 16)
            write(a3, to: target + 24)
            write(a4, to: target + 32)
            write(a5, to: target + 40)
            write(a6, to: target + 48)
            write(a7, to: target + 56)
        }
    }

    @inline(__always)
    func multiplyAdd<V: SIMD>(_ accumulator: inout V, _ x: Float, _ b: V) where V.Scalar == Float {
        #if NativeCPU
            accumulator = accumulator.addingProduct(x, b)
        #else
            accumulator += x * b
        #endif
    }

    /// target ← α·v + β·target (β = 0: not read).
    @inline(__always)
    func write<V: SIMD>(_ v: V, to target: UnsafeMutablePointer<Float>) where V.Scalar == Float {
        if beta == 0 {
            UnsafeMutableRawPointer(target).storeBytes(of: alpha == 1 ? v : alpha * v, as: V.self)
        } else {
            let previous = UnsafeRawPointer(target).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(target).storeBytes(of: alpha * v + beta * previous, as: V.self)
        }
    }
}

/// A one-lane "vector" so the scalar tail runs through the same block code.
struct SIMD1: SIMD {
    typealias Scalar = Float
    typealias MaskStorage = SIMD1Mask
    var value: Float = 0
    init() {}
    var scalarCount: Int { 1 }
    subscript(index: Int) -> Float {
        get { value }
        set { value = newValue }
    }
}

/// Mask storage of ``SIMD1``.
struct SIMD1Mask: SIMD {
    typealias Scalar = Int32
    typealias MaskStorage = SIMD1Mask
    var value: Int32 = 0
    init() {}
    var scalarCount: Int { 1 }
    subscript(index: Int) -> Int32 {
        get { value }
        set { value = newValue }
    }
}

