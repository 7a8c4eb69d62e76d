extension PureSwiftGemm {
    /// Rows of the narrow path's register tile.
    static let narrowMr = 24
    /// Largest depth block of the narrow path: a packed 16-wide B sliver of 512 steps is 32 KiB
    /// and stays in L1 while the rows of A stream past it.
    static let narrowKcMax = 512
    /// Largest depth block when op(A) = Aᵀ is read in place. Each 24-row sliver then reads a
    /// 96-byte piece of each of `kc` rows of the stored A, and the slivers walk along those rows
    /// in turn: with 64 rows that is 64 sequential streams, which the L2 prefetcher follows
    /// (784×5000ᵀ·5000×10: 43 GFLOP/s at 512, 50 at 64, 41 at 96 or 32).
    static let narrowTransposedKcMax = 64

    /// The path for products with at most 16 columns (`n ≤` ``narrowLimit``), such as X·W with
    /// 10 classes: pack op(B) once per depth block into one zero-padded 16-wide sliver and run
    /// a 16-wide tile down op(A), read *in place*: the 24×16 `SIMD16` tile with the 8×32 kernel
    /// (AVX-512), else the 6×16 tile of the blocked path (24 `SIMD16` accumulators would be 48
    /// of AVX2's 16 ymm registers).
    ///
    /// Packing A would copy all of it (5000×784 floats here) to do only 2·n flops per element,
    /// about the cost of the product itself. Only a last, partial sliver of rows is copied.
    /// Packing op(A) = Aᵀ row by row was tried too, and was slower (784×5000ᵀ·5000×10 with
    /// 512-deep blocks: 44 → 38 GFLOP/s). With n = 10 only 10 of 16 lanes do useful work, so
    /// the kernel peaks near 60 % of the machine's FMA rate; OpenBLAS does worse here.
    static func narrow(_ p: Product, _ workspace: Workspace) {
        let width = 16
        let height = p.kernel == .tile8x32 ? narrowMr : p.kernel.mr
        let kc = depthBlock(
            p.k, limit: p.a.columnStride == 1 ? narrowKcMax : narrowTransposedKcMax)
        workspace.reserve(
            packedA: height * kc, packedB: width * kc, tile: height * TileTarget.scratchStride)
        let packedA = workspace.packedA.base
        let packedB = UnsafePointer(workspace.packedB.base)
        let inPlaceRows = p.m / height * height
        for pc in stride(from: 0, to: p.k, by: kc) {
            let depth = min(kc, p.k - pc)
            packB(
                p.b, depth: pc..<(pc + depth), columns: 0..<p.n, width: width,
                into: workspace.packedB.base)
            // Later depth blocks add to what the first one wrote.
            let beta = pc == 0 ? p.beta : 1
            for i0 in stride(from: 0, to: p.m, by: height) {
                let target = TileTarget(
                    c: p.c + i0 * p.ldc, ldc: p.ldc, rows: min(height, p.m - i0),
                    columns: p.n, tile: (height, width), alpha: p.alpha, beta: beta,
                    scratch: workspace.tile.base)
                if i0 >= inPlaceRows {
                    packA(
                        p.a, rows: i0..<p.m, depth: pc..<(pc + depth), height: height,
                        into: packedA)
                    p.kernel.multiply(
                        depth: depth, a: packedA, rowStride: 1, depthStride: height, b: packedB,
                        target, narrow: true)
                } else {
                    p.kernel.multiply(
                        depth: depth, a: p.a.pointer(row: i0, column: pc),
                        rowStride: p.a.rowStride, depthStride: p.a.columnStride, b: packedB,
                        target, narrow: true)
                }
            }
        }
    }

    /// The 24×16 tile, compiled once per contiguous stride (see ``withUnitStride``).
    @inline(never)
    static func narrowKernel24x16(
        depth: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
        b: UnsafePointer<Float>, _ target: TileTarget
    ) {
        withUnitStride(rowStride: rowStride, depthStride: depthStride) {
            tile24x16(depth: depth, a: a, rowStride: $0, depthStride: $1, b: b, target)
        }
    }

    /// The 24×16 register tile of the narrow path, reading op(A) in place.
    ///
    /// Element (r, p) of the A block is `a[r · rowStride + p · depthStride]`; `b` is one packed
    /// 16-wide sliver of op(B). 24 accumulators, one B vector load and 24 broadcast FMAs
    /// per depth step.
    @inline(__always)
    static func tile24x16(
        depth: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
        b: UnsafePointer<Float>, _ target: TileTarget
    ) {
        var c0 = Vector(), c1 = Vector(), c2 = Vector(), c3 = Vector()
        var c4 = Vector(), c5 = Vector(), c6 = Vector(), c7 = Vector()
        var c8 = Vector(), c9 = Vector(), c10 = Vector(), c11 = Vector()
        var c12 = Vector(), c13 = Vector(), c14 = Vector(), c15 = Vector()
        var c16 = Vector(), c17 = Vector(), c18 = Vector(), c19 = Vector()
        var c20 = Vector(), c21 = Vector(), c22 = Vector(), c23 = Vector()
        var pa = a
        var pb = b
        for _ in 0..<depth {
            let b0 = loadVector(pb)
            multiplyAdd(&c0, pa[0 * rowStride], b0)
            multiplyAdd(&c1, pa[1 * rowStride], b0)
            multiplyAdd(&c2, pa[2 * rowStride], b0)
            multiplyAdd(&c3, pa[3 * rowStride], b0)
            multiplyAdd(&c4, pa[4 * rowStride], b0)
            multiplyAdd(&c5, pa[5 * rowStride], b0)
            multiplyAdd(&c6, pa[6 * rowStride], b0)
            multiplyAdd(&c7, pa[7 * rowStride], b0)
            multiplyAdd(&c8, pa[8 * rowStride], b0)
            multiplyAdd(&c9, pa[9 * rowStride], b0)
            multiplyAdd(&c10, pa[10 * rowStride], b0)
            multiplyAdd(&c11, pa[11 * rowStride], b0)
            multiplyAdd(&c12, pa[12 * rowStride], b0)
            multiplyAdd(&c13, pa[13 * rowStride], b0)
            multiplyAdd(&c14, pa[14 * rowStride], b0)
            multiplyAdd(&c15, pa[15 * rowStride], b0)
            multiplyAdd(&c16, pa[16 * rowStride], b0)
            multiplyAdd(&c17, pa[17 * rowStride], b0)
            multiplyAdd(&c18, pa[18 * rowStride], b0)
            multiplyAdd(&c19, pa[19 * rowStride], b0)
            multiplyAdd(&c20, pa[20 * rowStride], b0)
            multiplyAdd(&c21, pa[21 * rowStride], b0)
            multiplyAdd(&c22, pa[22 * rowStride], b0)
            multiplyAdd(&c23, pa[23 * rowStride], b0)
            pa += depthStride
            pb += 16
        }
        target.write(c0, row: 0)
        target.write(c1, row: 1)
        target.write(c2, row: 2)
        target.write(c3, row: 3)
        target.write(c4, row: 4)
        target.write(c5, row: 5)
        target.write(c6, row: 6)
        target.write(c7, row: 7)
        target.write(c8, row: 8)
        target.write(c9, row: 9)
        target.write(c10, row: 10)
        target.write(c11, row: 11)
        target.write(c12, row: 12)
        target.write(c13, row: 13)
        target.write(c14, row: 14)
        target.write(c15, row: 15)
        target.write(c16, row: 16)
        target.write(c17, row: 17)
        target.write(c18, row: 18)
        target.write(c19, row: 19)
        target.write(c20, row: 20)
        target.write(c21, row: 21)
        target.write(c22, row: 22)
        target.write(c23, row: 23)
        target.finish()
    }
}
