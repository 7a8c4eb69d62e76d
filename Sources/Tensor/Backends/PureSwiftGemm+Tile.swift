// The kernels in the other files call only the concrete (`SIMD16` = `Vector`, `SIMD8` =
// `HalfVector`) entry points below; the generic bodies are private to this file. Release builds
// (whole-module) inline either way, but a debug build (`swift test`) compiles each file on its
// own, and a call into another file's *generic* function can be neither inlined nor specialised
// there: it ran unspecialised generic SIMD code, thousands of times slower (the pure-Swift test
// run took more than 10 minutes instead of about 1).

extension PureSwiftGemm {
    /// acc ← acc + a·b with a broadcast; one fused multiply-add (one rounding) on `NativeCPU`.
    ///
    /// `addingProduct` only becomes a vector FMA instruction when the target has FMA
    /// (`-target-cpu native`, the `NativeCPU` trait); without a CPU flag it lowers to calls to
    /// libm's scalar `fmaf`, which is slow and does not even link here. The portable build
    /// therefore multiplies and adds separately (two roundings; same result to within the
    /// tolerance the tests use).
    @inline(__always)
    fileprivate static func addProduct<V: SIMD>(_ acc: inout V, _ a: Float, _ b: V)
    where V.Scalar == Float {
        #if NativeCPU
            acc = acc.addingProduct(a, b)
        #else
            acc = acc + a * b
        #endif
    }

    /// acc ← acc + a·b for the narrow tile's `SIMD16` rows.
    @inline(__always)
    static func multiplyAdd(_ acc: inout Vector, _ a: Float, _ b: Vector) {
        addProduct(&acc, a, b)
    }

    /// The two halves of one row of the 8×32 tile: acc0,1 += a·(b0, b1).
    @inline(__always)
    static func multiplyAdd(
        _ acc0: inout Vector, _ acc1: inout Vector, _ a: Float, _ b0: Vector, _ b1: Vector
    ) {
        addProduct(&acc0, a, b0)
        addProduct(&acc1, a, b1)
    }

    /// The two halves of one row of the 6×16 tile: acc0,1 += a·(b0, b1).
    @inline(__always)
    static func multiplyAdd(
        _ acc0: inout HalfVector, _ acc1: inout HalfVector, _ a: Float, _ b0: HalfVector,
        _ b1: HalfVector
    ) {
        addProduct(&acc0, a, b0)
        addProduct(&acc1, a, b1)
    }

    /// Runs the register tile `tile` on an A block with element (r, p) at
    /// `a[r · rowStride + p · depthStride]`, passing one of the two strides as a literal 1 so the
    /// inlined tile is compiled once per case with simple addressing: rows contiguous along the
    /// depth (`depthStride` = 1: op(A) = A read in place) or the values of one depth step
    /// contiguous (`rowStride` = 1: a packed sliver, or op(A) = Aᵀ read in place).
    @inline(__always)
    static func withUnitStride(
        rowStride: Int, depthStride: Int, _ tile: (_ rowStride: Int, _ depthStride: Int) -> Void
    ) {
        if depthStride == 1 {
            tile(rowStride, 1)
        } else {
            precondition(rowStride == 1, "gemm micro-kernel: A has no contiguous stride")
            tile(1, depthStride)
        }
    }

    /// Loads one `SIMD16` of floats from any (not necessarily aligned) address.
    @inline(__always)
    static func loadVector(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func loadVector(_ pointer: UnsafeMutablePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    /// Loads one `SIMD8` of floats from any (not necessarily aligned) address.
    @inline(__always)
    static func loadVector(_ pointer: UnsafePointer<Float>, as _: HalfVector.Type) -> HalfVector {
        UnsafeRawPointer(pointer).loadUnaligned(as: HalfVector.self)
    }

    /// Stores one `SIMD16` of floats to any (not necessarily aligned) address.
    @inline(__always)
    static func storeVector(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
    }
}

/// Where a micro-kernel writes its register tile: C ← α·tile + β·C on the valid
/// `rows × columns` corner of the tile at `c` (row stride `ldc`).
///
/// A whole tile goes straight to C; an edge tile is first stored whole into `scratch` (rows
/// ``scratchStride`` floats apart, enough for the widest tile) and then ``finish()`` merges only
/// the valid part into C, so no store or load ever touches C outside the product.
struct TileTarget {
    let c: UnsafeMutablePointer<Float>
    let ldc: Int
    let rows: Int
    let columns: Int
    let alpha: Float
    let beta: Float
    let scratch: UnsafeMutablePointer<Float>
    /// Whether the valid part is the whole register tile.
    let isWhole: Bool

    /// Floats between consecutive rows of `scratch`: the widest register tile (32 columns).
    static let scratchStride = 32

    /// The target for a `tile.rows × tile.columns` register tile of which the first
    /// `rows × columns` lie inside C.
    init(
        c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int,
        tile: (rows: Int, columns: Int), alpha: Float, beta: Float,
        scratch: UnsafeMutablePointer<Float>
    ) {
        self.c = c
        self.ldc = ldc
        self.rows = rows
        self.columns = columns
        self.alpha = alpha
        self.beta = beta
        self.scratch = scratch
        isWhole = rows == tile.rows && columns == tile.columns
    }

    /// Writes row `row` of the 8×32 register tile (two `SIMD16`).
    @inline(__always)
    func write(_ v0: PureSwiftGemm.Vector, _ v1: PureSwiftGemm.Vector, row: Int) {
        store(v0, row: row, offset: 0)
        store(v1, row: row, offset: 16)
    }

    /// Writes row `row` of the 6×16 register tile (two `SIMD8`).
    @inline(__always)
    func write(_ v0: PureSwiftGemm.HalfVector, _ v1: PureSwiftGemm.HalfVector, row: Int) {
        store(v0, row: row, offset: 0)
        store(v1, row: row, offset: 8)
    }

    /// Writes the `SIMD16` at column `offset` of row `row` (the narrow tile's rows).
    @inline(__always)
    func write(_ v: PureSwiftGemm.Vector, row: Int, offset: Int = 0) {
        store(v, row: row, offset: offset)
    }

    /// Writes the vector at column `offset` of row `row` of the register tile: into C for a
    /// whole tile, else into `scratch` until ``finish()``.
    @inline(__always)
    private func store<V: SIMD>(_ v: V, row: Int, offset: Int) where V.Scalar == Float {
        if isWhole {
            let destination = c + row * ldc + offset
            // β = 0 must not read C: it may hold NaN or uninitialised values.
            let result =
                beta == 0
                ? alpha * v
                : alpha * v + beta * UnsafeRawPointer(destination).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(destination).storeBytes(of: result, as: V.self)
        } else {
            UnsafeMutableRawPointer(scratch + row * Self.scratchStride + offset)
                .storeBytes(of: v, as: V.self)
        }
    }

    /// Completes the tile after its rows are written: merges the valid part of an edge tile
    /// from `scratch` into C (nothing to do for a whole tile).
    @inline(__always)
    func finish() {
        if !isWhole { mergeScratch() }
    }

    /// Merges the valid `rows × columns` part of the stashed tile into C.
    private func mergeScratch() {
        for i in 0..<rows {
            let source = scratch + i * Self.scratchStride
            let destination = c + i * ldc
            if beta == 0 {
                for j in 0..<columns { destination[j] = alpha * source[j] }
            } else {
                for j in 0..<columns { destination[j] = alpha * source[j] + beta * destination[j] }
            }
        }
    }
}
