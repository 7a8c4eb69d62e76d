extension PureSwiftGemm {
    /// acc ← acc + a·b with a broadcast; one fused multiply-add (one rounding) on `NativeCPU`.
    ///
    /// `addingProduct` only becomes a vector FMA instruction when the target has FMA
    /// (`-target-cpu native`, the `NativeCPU` trait); without a CPU flag it lowers to calls to
    /// libm's scalar `fmaf`, which is slow and does not even link here. The portable build
    /// therefore multiplies and adds separately (two roundings; same result to within the
    /// tolerance the tests use). Generic over the vector width (`SIMD16` for the 8×32 and narrow
    /// tiles, `SIMD8` for the 6×16 one); always specialised, since it is inlined.
    @inline(__always)
    static func multiplyAdd<V: SIMD>(_ acc: inout V, _ a: Float, _ b: V) where V.Scalar == Float {
        #if NativeCPU
            acc = acc.addingProduct(a, b)
        #else
            acc = acc + a * b
        #endif
    }

    /// The two halves of one row of a register tile: acc0,1 += a·(b0, b1).
    @inline(__always)
    static func multiplyAdd<V: SIMD>(
        _ acc0: inout V, _ acc1: inout V, _ a: Float, _ b0: V, _ b1: V
    ) where V.Scalar == Float {
        multiplyAdd(&acc0, a, b0)
        multiplyAdd(&acc1, a, b1)
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

    /// Loads one vector of floats from any (not necessarily aligned) address.
    @inline(__always)
    static func loadVector<V: SIMD>(_ pointer: UnsafePointer<Float>, as _: V.Type = Vector.self)
        -> V where V.Scalar == Float
    {
        UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func loadVector<V: SIMD>(
        _ pointer: UnsafeMutablePointer<Float>, as _: V.Type = Vector.self
    ) -> V where V.Scalar == Float {
        UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
    }

    /// Stores one vector of floats to any (not necessarily aligned) address.
    @inline(__always)
    static func storeVector<V: SIMD>(_ vector: V, _ pointer: UnsafeMutablePointer<Float>)
    where V.Scalar == Float {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: V.self)
    }
}

/// Where a micro-kernel writes its register tile: C ← α·tile + β·C on the valid
/// `rows × columns` corner of the tile at `c` (row stride `ldc`).
///
/// A whole tile goes straight to C; an edge tile is first stored whole into `scratch` (rows
/// ``scratchStride`` floats apart, enough for the widest tile) and then ``finish()`` merges only
/// the valid part into C, so no store or load ever touches C outside the product. The writes are
/// generic over the vector width of the micro-kernel that calls them.
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

    /// Writes row `row` of the register tile, two vectors wide.
    @inline(__always)
    func write<V: SIMD>(_ v0: V, _ v1: V, row: Int) where V.Scalar == Float {
        write(v0, row: row)
        write(v1, row: row, offset: V.scalarCount)
    }

    /// Writes the vector at column `offset` of row `row` of the register tile: into C for a
    /// whole tile, else into `scratch` until ``finish()``.
    @inline(__always)
    func write<V: SIMD>(_ v: V, row: Int, offset: Int = 0) where V.Scalar == Float {
        if isWhole {
            let destination = c + row * ldc + offset
            // β = 0 must not read C: it may hold NaN or uninitialised values.
            let result =
                beta == 0
                ? alpha * v
                : alpha * v + beta * PureSwiftGemm.loadVector(destination, as: V.self)
            PureSwiftGemm.storeVector(result, destination)
        } else {
            PureSwiftGemm.storeVector(v, scratch + row * Self.scratchStride + offset)
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
