extension PureSwiftGemm {
    /// acc ← acc + a·b with a broadcast; one fused multiply-add (one rounding) on `NativeCPU`.
    ///
    /// `addingProduct` only becomes a vector FMA instruction when the target has FMA
    /// (`-target-cpu native`, the `NativeCPU` trait); without a CPU flag it lowers to calls to
    /// libm's scalar `fmaf`, which is slow and does not even link here. The portable build
    /// therefore multiplies and adds separately (two roundings; same result to within the
    /// tolerance the tests use).
    @inline(__always)
    static func multiplyAdd(_ acc: inout Vector, _ a: Float, _ b: Vector) {
        #if NativeCPU
            acc = acc.addingProduct(a, b)
        #else
            acc = acc + a * b
        #endif
    }

    /// The two halves of one 32-wide row of a register tile: acc0,1 += a·(b0, b1).
    @inline(__always)
    static func multiplyAdd(
        _ acc0: inout Vector, _ acc1: inout Vector, _ a: Float, _ b0: Vector, _ b1: Vector
    ) {
        multiplyAdd(&acc0, a, b0)
        multiplyAdd(&acc1, a, b1)
    }

    /// Loads 16 floats from any (not necessarily aligned) address.
    @inline(__always)
    static func loadVector(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func loadVector(_ pointer: UnsafeMutablePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    /// Stores 16 floats to any (not necessarily aligned) address.
    @inline(__always)
    static func storeVector(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
    }
}

/// Where a micro-kernel writes its register tile: C ← α·tile + β·C on the valid
/// `rows × columns` corner of the tile at `c` (row stride `ldc`).
///
/// Full tiles go straight to C; edge tiles are first stored whole into `scratch` (a tile of
/// ``PureSwiftGemm/nr``-wide rows) and then only the valid part is merged into C, so no store
/// or load ever touches C outside the product.
struct TileTarget {
    let c: UnsafeMutablePointer<Float>
    let ldc: Int
    let rows: Int
    let columns: Int
    let alpha: Float
    let beta: Float
    let scratch: UnsafeMutablePointer<Float>

    typealias Vector = PureSwiftGemm.Vector

    /// Writes one full 32-wide row of the tile to C.
    @inline(__always)
    func store(_ v0: Vector, _ v1: Vector, row: Int) {
        let destination = c + row * ldc
        store(v0, destination)
        store(v1, destination + 16)
    }

    /// Writes one full 16-wide row of the tile to C.
    @inline(__always)
    func store(_ v: Vector, row: Int) {
        store(v, c + row * ldc)
    }

    @inline(__always)
    private func store(_ v: Vector, _ destination: UnsafeMutablePointer<Float>) {
        // β = 0 must not read C: it may hold NaN or uninitialised values.
        let result =
            beta == 0
            ? alpha * v
            : alpha * v + beta * PureSwiftGemm.loadVector(destination)
        PureSwiftGemm.storeVector(result, destination)
    }

    /// Keeps one 32-wide row of an edge tile in `scratch` until ``mergeScratch()``.
    @inline(__always)
    func stash(_ v0: Vector, _ v1: Vector, row: Int) {
        let destination = scratch + row * PureSwiftGemm.nr
        PureSwiftGemm.storeVector(v0, destination)
        PureSwiftGemm.storeVector(v1, destination + 16)
    }

    /// Keeps one 16-wide row of an edge tile in `scratch` until ``mergeScratch()``.
    @inline(__always)
    func stash(_ v: Vector, row: Int) {
        PureSwiftGemm.storeVector(v, scratch + row * PureSwiftGemm.nr)
    }

    /// Merges the valid `rows × columns` part of the stashed tile into C.
    func mergeScratch() {
        for i in 0..<rows {
            let source = scratch + i * PureSwiftGemm.nr
            let destination = c + i * ldc
            if beta == 0 {
                for j in 0..<columns { destination[j] = alpha * source[j] }
            } else {
                for j in 0..<columns { destination[j] = alpha * source[j] + beta * destination[j] }
            }
        }
    }
}
