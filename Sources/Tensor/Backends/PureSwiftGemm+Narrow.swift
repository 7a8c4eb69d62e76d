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
    /// the 24×16 kernel down op(A), read *in place*.
    ///
    /// Packing A would copy all of it (5000×784 floats here) to do only 2·n flops per element,
    /// about the cost of the product itself. Only a last, partial sliver of rows is copied.
    /// Packing op(A) = Aᵀ row by row was tried too, and was slower (784×5000ᵀ·5000×10 with
    /// 512-deep blocks: 44 → 38 GFLOP/s). With n = 10 only 10 of 16 lanes do useful work, so
    /// the kernel peaks near 60 % of the machine's FMA rate; OpenBLAS does worse here.
    static func narrow(_ p: Product, _ workspace: Workspace) {
        let width = 16
        let kc = depthBlock(
            p.k, limit: p.a.columnStride == 1 ? narrowKcMax : narrowTransposedKcMax)
        workspace.reserve(packedA: narrowMr * kc, packedB: width * kc, tile: narrowMr * nr)
        let packedA = workspace.packedA.base
        let packedB = UnsafePointer(workspace.packedB.base)
        let inPlaceRows = p.m / narrowMr * narrowMr
        for pc in stride(from: 0, to: p.k, by: kc) {
            let depth = min(kc, p.k - pc)
            packB(
                p.b, depth: pc..<(pc + depth), columns: 0..<p.n, width: width,
                into: workspace.packedB.base)
            // Later depth blocks add to what the first one wrote.
            let beta = pc == 0 ? p.beta : 1
            for i0 in stride(from: 0, to: p.m, by: narrowMr) {
                let target = TileTarget(
                    c: p.c + i0 * p.ldc, ldc: p.ldc, rows: min(narrowMr, p.m - i0),
                    columns: p.n, alpha: p.alpha, beta: beta, scratch: workspace.tile.base)
                let block = p.a.pointer(row: i0, column: pc)
                if i0 >= inPlaceRows {
                    packA(
                        p.a, rows: i0..<p.m, depth: pc..<(pc + depth), height: narrowMr,
                        into: packedA)
                    narrowKernelRowContiguous(
                        depth: depth, a: packedA, depthStride: narrowMr, b: packedB, target)
                } else if p.a.columnStride == 1 {
                    narrowKernelDepthContiguous(
                        depth: depth, a: block, rowStride: p.a.rowStride, b: packedB, target)
                } else {
                    narrowKernelRowContiguous(
                        depth: depth, a: block, depthStride: p.a.columnStride, b: packedB,
                        target)
                }
            }
        }
    }

    /// The narrow kernel on op(A) = A: each row of the block is contiguous along the depth.
    @inline(never)
    static func narrowKernelDepthContiguous(
        depth: Int, a: UnsafePointer<Float>, rowStride: Int, b: UnsafePointer<Float>,
        _ target: TileTarget
    ) {
        narrowKernel(depth: depth, a: a, rowStride: rowStride, depthStride: 1, b: b, target)
    }

    /// The narrow kernel on op(A) = Aᵀ (or a packed sliver): the rows for one depth index are
    /// contiguous.
    @inline(never)
    static func narrowKernelRowContiguous(
        depth: Int, a: UnsafePointer<Float>, depthStride: Int, b: UnsafePointer<Float>,
        _ target: TileTarget
    ) {
        narrowKernel(depth: depth, a: a, rowStride: 1, depthStride: depthStride, b: b, target)
    }

    /// The 24×16 register tile of the narrow path, reading op(A) in place.
    ///
    /// Element (r, p) of the A block is `a[r · rowStride + p · depthStride]`; `b` is one packed
    /// 16-wide sliver of op(B). 24 accumulators, one B vector load and 24 broadcast FMAs
    /// per depth step. Inlined into the two entry points below, so each gets one stride as a
    /// compile-time 1 and simple addressing.
    @inline(__always)
    static func narrowKernel(
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
        if target.rows == 24 && target.columns == 16 {
            target.store(c0, row: 0)
            target.store(c1, row: 1)
            target.store(c2, row: 2)
            target.store(c3, row: 3)
            target.store(c4, row: 4)
            target.store(c5, row: 5)
            target.store(c6, row: 6)
            target.store(c7, row: 7)
            target.store(c8, row: 8)
            target.store(c9, row: 9)
            target.store(c10, row: 10)
            target.store(c11, row: 11)
            target.store(c12, row: 12)
            target.store(c13, row: 13)
            target.store(c14, row: 14)
            target.store(c15, row: 15)
            target.store(c16, row: 16)
            target.store(c17, row: 17)
            target.store(c18, row: 18)
            target.store(c19, row: 19)
            target.store(c20, row: 20)
            target.store(c21, row: 21)
            target.store(c22, row: 22)
            target.store(c23, row: 23)
        } else {
            target.stash(c0, row: 0)
            target.stash(c1, row: 1)
            target.stash(c2, row: 2)
            target.stash(c3, row: 3)
            target.stash(c4, row: 4)
            target.stash(c5, row: 5)
            target.stash(c6, row: 6)
            target.stash(c7, row: 7)
            target.stash(c8, row: 8)
            target.stash(c9, row: 9)
            target.stash(c10, row: 10)
            target.stash(c11, row: 11)
            target.stash(c12, row: 12)
            target.stash(c13, row: 13)
            target.stash(c14, row: 14)
            target.stash(c15, row: 15)
            target.stash(c16, row: 16)
            target.stash(c17, row: 17)
            target.stash(c18, row: 18)
            target.stash(c19, row: 19)
            target.stash(c20, row: 20)
            target.stash(c21, row: 21)
            target.stash(c22, row: 22)
            target.stash(c23, row: 23)
            target.mergeScratch()
        }
    }
}
