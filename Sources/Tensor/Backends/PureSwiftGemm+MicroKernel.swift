extension PureSwiftGemm {
    typealias Vector = SIMD16<Float>

    /// The 8×32 register tile: C[0..<8, 0..<32] ← α·Σₚ A[·, p]·b[p] + β·C over `depth` steps.
    ///
    /// Element (r, p) of the A block is `a[r · rowStride + p · depthStride]` (a packed sliver has
    /// strides 1 and 8); `b` is one packed sliver of op(B), 32 floats per step. The tile lives
    /// in 16 `SIMD16<Float>` accumulators; each step loads two vectors of B and does 16 fused
    /// multiply-adds, each with one A scalar broadcast from memory (AVX-512 folds the broadcast
    /// into the FMA's memory operand). 16 independent accumulators cover the FMA latency
    /// (4 cycles × 2 ports) and leave registers for the two B vectors.
    @inline(__always)
    static func microKernel(
        depth: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
        b: UnsafePointer<Float>, _ target: TileTarget
    ) {
        var c0x0 = Vector(), c0x1 = Vector(), c1x0 = Vector(), c1x1 = Vector()
        var c2x0 = Vector(), c2x1 = Vector(), c3x0 = Vector(), c3x1 = Vector()
        var c4x0 = Vector(), c4x1 = Vector(), c5x0 = Vector(), c5x1 = Vector()
        var c6x0 = Vector(), c6x1 = Vector(), c7x0 = Vector(), c7x1 = Vector()
        var pa = a
        var pb = b
        for _ in 0..<depth {
            let b0 = loadVector(pb)
            let b1 = loadVector(pb + 16)
            multiplyAdd(&c0x0, &c0x1, pa[0 * rowStride], b0, b1)
            multiplyAdd(&c1x0, &c1x1, pa[1 * rowStride], b0, b1)
            multiplyAdd(&c2x0, &c2x1, pa[2 * rowStride], b0, b1)
            multiplyAdd(&c3x0, &c3x1, pa[3 * rowStride], b0, b1)
            multiplyAdd(&c4x0, &c4x1, pa[4 * rowStride], b0, b1)
            multiplyAdd(&c5x0, &c5x1, pa[5 * rowStride], b0, b1)
            multiplyAdd(&c6x0, &c6x1, pa[6 * rowStride], b0, b1)
            multiplyAdd(&c7x0, &c7x1, pa[7 * rowStride], b0, b1)
            pa += depthStride
            pb += 32
        }
        if target.rows == 8 && target.columns == 32 {
            target.store(c0x0, c0x1, row: 0)
            target.store(c1x0, c1x1, row: 1)
            target.store(c2x0, c2x1, row: 2)
            target.store(c3x0, c3x1, row: 3)
            target.store(c4x0, c4x1, row: 4)
            target.store(c5x0, c5x1, row: 5)
            target.store(c6x0, c6x1, row: 6)
            target.store(c7x0, c7x1, row: 7)
        } else {
            target.stash(c0x0, c0x1, row: 0)
            target.stash(c1x0, c1x1, row: 1)
            target.stash(c2x0, c2x1, row: 2)
            target.stash(c3x0, c3x1, row: 3)
            target.stash(c4x0, c4x1, row: 4)
            target.stash(c5x0, c5x1, row: 5)
            target.stash(c6x0, c6x1, row: 6)
            target.stash(c7x0, c7x1, row: 7)
            target.mergeScratch()
        }
    }

    /// The micro-kernel on an A block whose rows are contiguous along the depth (op(A) = A, read
    /// in place).
    @inline(never)
    static func microKernelDepthContiguous(
        depth: Int, a: UnsafePointer<Float>, rowStride: Int, b: UnsafePointer<Float>,
        _ target: TileTarget
    ) {
        microKernel(depth: depth, a: a, rowStride: rowStride, depthStride: 1, b: b, target)
    }

    /// The micro-kernel on an A block whose 8 values per depth step are contiguous: a packed
    /// sliver (`depthStride` = 8) or op(A) = Aᵀ read in place.
    @inline(never)
    static func microKernelRowContiguous(
        depth: Int, a: UnsafePointer<Float>, depthStride: Int, b: UnsafePointer<Float>,
        _ target: TileTarget
    ) {
        microKernel(depth: depth, a: a, rowStride: 1, depthStride: depthStride, b: b, target)
    }
}
