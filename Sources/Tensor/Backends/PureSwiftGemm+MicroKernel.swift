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
    static func tile8x32(
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
        target.write(c0x0, c0x1, row: 0)
        target.write(c1x0, c1x1, row: 1)
        target.write(c2x0, c2x1, row: 2)
        target.write(c3x0, c3x1, row: 3)
        target.write(c4x0, c4x1, row: 4)
        target.write(c5x0, c5x1, row: 5)
        target.write(c6x0, c6x1, row: 6)
        target.write(c7x0, c7x1, row: 7)
        target.finish()
    }

    /// The 8×32 tile, compiled once per contiguous stride (see ``withUnitStride``).
    @inline(never)
    static func microKernel8x32(
        depth: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
        b: UnsafePointer<Float>, _ target: TileTarget
    ) {
        withUnitStride(rowStride: rowStride, depthStride: depthStride) {
            tile8x32(depth: depth, a: a, rowStride: $0, depthStride: $1, b: b, target)
        }
    }
}
