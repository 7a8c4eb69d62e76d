#if canImport(Dispatch)
    import Dispatch
#endif

/// Pure-Swift single-precision gemm: C ← α·op(A)·op(B) + β·C on row-major storage.
///
/// A GotoBLAS/BLIS-style blocked product (Goto & van de Geijn, "Anatomy of high-performance
/// matrix multiplication", ACM TOMS 34(3), 2008; Van Zee & van de Geijn, "BLIS", TOMS 41(3), 2015):
///
/// ```
/// for jc in 0..<n step NC            // column panel of op(B)
///   for pc in 0..<k step KC          // depth block: pack op(B)[pc, jc] into NR-wide slivers
///     for ic in 0..<m step MC        // row block of op(A) (packed into MR-tall slivers if Aᵀ)
///       for ir, jr                   // MR×NR register tile: micro-kernel over KC
/// ```
///
/// The packed B panel streams from L2 and each A sliver stays in L1 while the micro-kernel keeps
/// an MR×NR tile of C in vector registers: 8×32 in `SIMD16<Float>` on AVX-512
/// (`PureSwiftGemm+MicroKernel.swift`), 6×16 in `SIMD8<Float>` elsewhere
/// (`PureSwiftGemm+MicroKernel6x16.swift`); ``Kernel`` says which runs where and holds the block
/// sizes that go with each.
/// Edge tiles are handled by zero-padding the packed slivers and writing back only the valid part.
/// The four transpose combinations differ only in how the packing routines read the operands
/// (`PureSwiftGemm+Packing.swift`). Products with at most ``narrowLimit`` columns take a separate
/// path (`PureSwiftGemm+Narrow.swift`) that reads A in place instead of packing it.
///
/// Packing buffers come from a pool of per-call workspaces, so the steady state allocates nothing.
enum PureSwiftGemm {
    /// Largest depth block: an A sliver (8 × 400 floats, 12.5 KiB) stays in L1 and the C tile
    /// is loaded and stored once per 400 steps. 400 beat 256 by 5–10 % and matched 512–800 (8×32
    /// on the AVX-512 Xeon; with 6×16 on Zen 3, 256 was no faster).
    static let kcMax = 400
    /// Rows of op(A) per block (a multiple of both tiles' ``Kernel/mr``); a packed Aᵀ block is
    /// `mc × kc` floats. (6×16 on Zen 3: 96 and 384 measured the same as 192.)
    static let mcMax = 192
    /// Columns of op(B) per packed panel (a multiple of both tiles' ``Kernel/nr``): the panel,
    /// `kc × nc` floats (≤ 1.6 MiB), streams from the Xeon's 2 MiB L2 for every A sliver; 2048
    /// (a 3.2 MiB panel) was 25 % slower on 2000×784×1600. On Zen 3 (512 KiB L2) it streams
    /// from L3, yet a 256-wide panel that fits L2 was no faster for the 6×16 tile on the large
    /// shapes (and 10–20 % slower on 784×5000ᵀ·5000×300).
    static let ncMax = 1024
    /// Products with at most this many columns use the narrow path.
    static let narrowLimit = 16

    /// C ← α·op(A)·op(B) + β·C with the register tile `kernel` (default: the one that fits
    /// this CPU; tests name both).
    static func sgemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, kernel: Kernel = .selected
    ) {
        if m == 0 || n == 0 { return }
        let product = Product(
            m: m, n: n, k: k, alpha: alpha, beta: beta,
            a: StridedMatrix(a, leadingDimension: lda, transpose: transA),
            b: StridedMatrix(b, leadingDimension: ldb, transpose: transB),
            c: c, ldc: ldc, kernel: kernel)
        // BLAS semantics: with k = 0 or α = 0, A and B are not read and C ← β·C.
        if k == 0 || alpha == 0 {
            product.scaleC()
            return
        }
        let workers = product.workerCount(limit: threadCount)
        if workers == 1 {
            withWorkspace { run(product, $0) }
            return
        }
        let parts = product.split(into: workers)
        #if canImport(Dispatch)
            DispatchQueue.concurrentPerform(iterations: parts.count) { index in
                withWorkspace { run(parts[index], $0) }
            }
        #else
            for part in parts { withWorkspace { run(part, $0) } }
        #endif
    }

    /// Runs one (sub)product on the calling thread.
    static func run(_ product: Product, _ workspace: Workspace) {
        if product.n <= narrowLimit {
            narrow(product, workspace)
        } else {
            blocked(product, workspace)
        }
    }

    /// The general path: pack B panels and A blocks, then sweep the micro-kernel over them.
    static func blocked(_ p: Product, _ workspace: Workspace) {
        // op(A) = A is read in place: packing it is a transposing copy that cost more than it
        // saved (5000×784×300: 93 → 130 GFLOP/s without it). op(A) = Aᵀ is packed: that copy
        // reads whole rows, and the kernel then streams a contiguous sliver.
        let inPlaceA = p.a.columnStride == 1
        let kernel = p.kernel
        let (mr, nr) = (kernel.mr, kernel.nr)
        let kc = depthBlock(p.k, limit: kcMax)
        let ncPanel = min(ncMax, roundUp(p.n, to: nr))
        let mcBlock = min(mcMax, roundUp(p.m, to: mr))
        workspace.reserve(
            packedA: mcBlock * kc, packedB: ncPanel * kc, tile: mr * TileTarget.scratchStride)
        let packedA = workspace.packedA.base
        let packedB = workspace.packedB.base
        for jc in stride(from: 0, to: p.n, by: ncMax) {
            let nc = min(ncMax, p.n - jc)
            for pc in stride(from: 0, to: p.k, by: kc) {
                let depth = min(kc, p.k - pc)
                packB(
                    p.b, depth: pc..<(pc + depth), columns: jc..<(jc + nc), width: nr,
                    into: packedB)
                // Later depth blocks add to what the first one wrote.
                let beta = pc == 0 ? p.beta : 1
                for ic in stride(from: 0, to: p.m, by: mcMax) {
                    let mc = min(mcMax, p.m - ic)
                    // Rows [ic, ic + inPlaceRows) are read in place, the rest come packed.
                    let inPlaceRows = inPlaceA ? mc / mr * mr : 0
                    if inPlaceRows < mc {
                        packA(
                            p.a, rows: (ic + inPlaceRows)..<(ic + mc), depth: pc..<(pc + depth),
                            height: mr, into: packedA)
                    }
                    // Rows outer, columns inner: the A sliver (mr × kc) stays in L1 while the B
                    // slivers stream from L2, and consecutive tiles walk along the same rows of
                    // C. (Columns outer, keeping a 50 KiB B sliver in L1, measured up to 15 %
                    // slower.)
                    for ir in stride(from: 0, to: mc, by: mr) {
                        let rows = min(mr, mc - ir)
                        for jr in stride(from: 0, to: nc, by: nr) {
                            let target = TileTarget(
                                c: p.c + (ic + ir) * p.ldc + jc + jr, ldc: p.ldc, rows: rows,
                                columns: min(nr, nc - jr), tile: (mr, nr), alpha: p.alpha,
                                beta: beta, scratch: workspace.tile.base)
                            let sliverB = packedB + jr * depth
                            if ir < inPlaceRows {
                                kernel.multiply(
                                    depth: depth, a: p.a.pointer(row: ic + ir, column: pc),
                                    rowStride: p.a.rowStride, depthStride: 1, b: sliverB, target)
                            } else {
                                kernel.multiply(
                                    depth: depth, a: packedA + (ir - inPlaceRows) * depth,
                                    rowStride: 1, depthStride: mr, b: sliverB, target)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The depth block for `k`: at most `limit`, and equal-sized blocks rather than a short
    /// last one (784 → 2 × 392 would exceed 256, so 4 × 196), rounded up to a multiple of 8.
    static func depthBlock(_ k: Int, limit: Int) -> Int {
        let blocks = (k + limit - 1) / limit
        return min(limit, roundUp((k + blocks - 1) / blocks, to: 8))
    }

    static func roundUp(_ value: Int, to multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }
}

/// A matrix operand as the product sees it: element (i, j) of op(X) is
/// `base[i * rowStride + j * columnStride]`, so a transpose is only a swap of strides.
struct StridedMatrix {
    let base: UnsafePointer<Float>
    let rowStride: Int
    let columnStride: Int

    init(_ base: UnsafePointer<Float>, leadingDimension: Int, transpose: Transpose) {
        self.base = base
        (rowStride, columnStride) =
            transpose == .none ? (leadingDimension, 1) : (1, leadingDimension)
    }

    init(base: UnsafePointer<Float>, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rowStride = rowStride
        self.columnStride = columnStride
    }

    /// Address of element (`row`, `column`) of op(X).
    func pointer(row: Int, column: Int) -> UnsafePointer<Float> {
        base + row * rowStride + column * columnStride
    }
}

/// One product C ← α·op(A)·op(B) + β·C, or a block of rows or columns of one.
struct Product: @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: `split(into:)` gives each worker a disjoint block of C
    // rows (or columns); A and B are only read; `sgemm` returns after every worker has finished
    // (`concurrentPerform` is synchronous), so no pointer outlives the caller's buffers.
    var m: Int
    var n: Int
    var k: Int
    var alpha: Float
    var beta: Float
    var a: StridedMatrix
    var b: StridedMatrix
    var c: UnsafeMutablePointer<Float>
    var ldc: Int
    /// The register tile of the blocked path.
    var kernel: PureSwiftGemm.Kernel

    /// C ← β·C (β = 0 writes zeros without reading C, so NaNs there are cleared).
    func scaleC() {
        for i in 0..<m {
            let row = c + i * ldc
            if beta == 0 {
                row.update(repeating: 0, count: n)
            } else if beta != 1 {
                for j in 0..<n { row[j] *= beta }
            }
        }
    }

    /// How many workers (at most `limit`) are worth waking for this product.
    func workerCount(limit: Int) -> Int {
        // Below ~4 MFLOP per worker, waking a thread costs more than it saves.
        let flops = 2 * Double(m) * Double(n) * Double(k)
        return min(limit, max(1, Int(min(flops / 4e6, Double(limit)))))
    }

    /// At most `workers` sub-products over disjoint blocks of C (allocates the array).
    ///
    /// Splits the longer side of C into blocks whose sizes are multiples of the register tile,
    /// so no worker gets an extra edge tile.
    func split(into workers: Int) -> [Product] {
        var parts: [Product] = []
        parts.reserveCapacity(workers)
        let splitRows = m >= n || n <= PureSwiftGemm.narrowLimit
        let extent = splitRows ? m : n
        let unit = splitRows ? kernel.mr : kernel.nr
        let chunk = PureSwiftGemm.roundUp((extent + workers - 1) / workers, to: unit)
        for start in stride(from: 0, to: extent, by: chunk) {
            let size = min(chunk, extent - start)
            var part = self
            if splitRows {
                part.m = size
                part.a = StridedMatrix(
                    base: a.pointer(row: start, column: 0), rowStride: a.rowStride,
                    columnStride: a.columnStride)
                part.c = c + start * ldc
            } else {
                part.n = size
                part.b = StridedMatrix(
                    base: b.pointer(row: 0, column: start), rowStride: b.rowStride,
                    columnStride: b.columnStride)
                part.c = c + start
            }
            parts.append(part)
        }
        return parts
    }
}
