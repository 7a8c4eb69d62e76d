extension PureSwiftGemm {
    /// The vector of the 6×16 tile: one ymm register on AVX2.
    typealias HalfVector = SIMD8<Float>

    /// The 6×16 register tile for AVX2 (see ``Kernel/tile6x16``): C[0..<6, 0..<16] ←
    /// α·Σₚ A[·, p]·b[p] + β·C over `depth` steps.
    ///
    /// Element (r, p) of the A block is `a[r · rowStride + p · depthStride]`; `b` is one packed
    /// 16-wide sliver of op(B). The tile lives in 12 `SIMD8<Float>` accumulators; each step loads
    /// two B vectors and broadcasts the 6 A values one at a time into the last of the 16 ymm
    /// registers (AVX2's FMA cannot take a broadcast memory operand), for 12 fused
    /// multiply-adds. 12 independent accumulators cover Zen 3's and Haswell's FMA latency (4–5
    /// cycles × 2 ports).
    @inline(__always)
    static func tile6x16(
        depth: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
        b: UnsafePointer<Float>, _ target: TileTarget
    ) {
        var c0x0 = HalfVector(), c0x1 = HalfVector(), c1x0 = HalfVector(), c1x1 = HalfVector()
        var c2x0 = HalfVector(), c2x1 = HalfVector(), c3x0 = HalfVector(), c3x1 = HalfVector()
        var c4x0 = HalfVector(), c4x1 = HalfVector(), c5x0 = HalfVector(), c5x1 = HalfVector()
        var pa = a
        var pb = b
        for _ in 0..<depth {
            let b0 = loadVector(pb, as: HalfVector.self)
            let b1 = loadVector(pb + 8, as: HalfVector.self)
            multiplyAdd(&c0x0, &c0x1, pa[0 * rowStride], b0, b1)
            multiplyAdd(&c1x0, &c1x1, pa[1 * rowStride], b0, b1)
            multiplyAdd(&c2x0, &c2x1, pa[2 * rowStride], b0, b1)
            multiplyAdd(&c3x0, &c3x1, pa[3 * rowStride], b0, b1)
            multiplyAdd(&c4x0, &c4x1, pa[4 * rowStride], b0, b1)
            multiplyAdd(&c5x0, &c5x1, pa[5 * rowStride], b0, b1)
            pa += depthStride
            pb += 16
        }
        target.write(c0x0, c0x1, row: 0)
        target.write(c1x0, c1x1, row: 1)
        target.write(c2x0, c2x1, row: 2)
        target.write(c3x0, c3x1, row: 3)
        target.write(c4x0, c4x1, row: 4)
        target.write(c5x0, c5x1, row: 5)
        target.finish()
    }

    /// The 6×16 tile, compiled once per contiguous stride (see ``withUnitStride``).
    @inline(never)
    static func microKernel6x16(
        depth: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
        b: UnsafePointer<Float>, _ target: TileTarget
    ) {
        withUnitStride(rowStride: rowStride, depthStride: depthStride) {
            tile6x16(depth: depth, a: a, rowStride: $0, depthStride: $1, b: b, target)
        }
    }
}
