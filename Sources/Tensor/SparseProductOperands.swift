// The kernels of the sparse products, in one file on purpose: a debug build (`swift test`, -O
// without whole-module optimisation) compiles each file alone and cannot specialise or inline a
// generic helper from another file, so a kernel calling `multiplyAdd` or `write` across files
// ran unspecialised, hundreds of times slower (session 6: a 40-iteration CLI test took minutes).

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
    /// The columns of S that hold values (``SparseRowMatrix/columnSpan``): the rows of B read.
    let columnSpan: Range<Int>
    let n: Int
    let alpha: Float
    let b: UnsafePointer<Float>
    let ldb: Int
    let beta: Float
    let c: UnsafeMutablePointer<Float>
    let ldc: Int

    /// The rows at positions `range` of ``order`` of C, column block by column block.
    ///
    /// For the 64-wide blocks, the rows ``columnSpan`` of B's 64 columns are first copied into a
    /// contiguous slab (a pure-Swift gemm workspace, so nothing is allocated in steady state)
    /// when the rows have more nonzeros than the slab has rows: every nonzero then reads 256
    /// consecutive bytes of one 200 KB region (50 pages; B itself spans ~460 for n = 600) instead
    /// of a piece of a row `ldb` floats long. (5000×784 at 19 % nonzeros times 784×300, one
    /// thread: 23–27 → 18–19.5 ms, best of 25.) Only the span is copied: a 512-sample block of
    /// Xᵀ reads 512 of D's 5000 rows, and copying all of them cost ten times the reads (12 % of
    /// an MLP iteration, session 9).
    func multiplyRows(_ range: Range<Int>) {
        var column = 0
        let spanRows = columnSpan.count
        if n >= 64 && spanRows > 0 && starts[range.upperBound] - starts[range.lowerBound] > spanRows {
            PureSwiftGemm.withWorkspace { workspace in
                workspace.reserve(packedA: 0, packedB: spanRows * 64, tile: 0)
                let slab = workspace.packedB.base
                // Row j of B (j in the span) sits at slab row j − span.lowerBound.
                let slabOrigin = slab - columnSpan.lowerBound * 64
                let matrix = StridedMatrix(b, leadingDimension: ldb, transpose: .none)
                while n - column >= 64 {
                    PureSwiftGemm.packB(
                        matrix, depth: columnSpan, columns: column..<(column + 64), width: 64,
                        into: slab)
                    block64(rows: range, b: slabOrigin, ldb: 64, column: column)
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

    /// C[rows, column ..< column + 64] in four named `SIMD16` accumulators per row (a generic
    /// `SIMD64` accumulator is not kept in registers: LLVM spills it and goes scalar), from the
    /// 64 columns of B at `bColumn` (row stride `ldb`: B's own, or 64 for a packed slab). On
    /// AVX-512 each accumulator is one zmm register (four loads and four FMAs per nonzero); on
    /// AVX2 LLVM splits it into two ymm halves, the eight-vector block of before.
    private func block64(rows positions: Range<Int>, b bColumn: UnsafePointer<Float>, ldb: Int, column: Int) {
        typealias V = SIMD16<Float>
        for position in positions {
            let i = Int(order[position])
            var a0 = V(), a1 = V(), a2 = V(), a3 = V()
            for p in starts[i]..<starts[i + 1] {
                let x = values[p]
                let row = UnsafeRawPointer(bColumn + Int(columns[p]) * ldb)
                multiplyAdd(&a0, x, row.loadUnaligned(as: V.self))
                multiplyAdd(&a1, x, row.loadUnaligned(fromByteOffset: 64, as: V.self))
                multiplyAdd(&a2, x, row.loadUnaligned(fromByteOffset: 128, as: V.self))
                multiplyAdd(&a3, x, row.loadUnaligned(fromByteOffset: 192, as: V.self))
            }
            let target = c + i * ldc + column
            write(a0, to: target)
            write(a1, to: target + 16)
            write(a2, to: target + 32)
            write(a3, to: target + 48)
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

/// The narrow column blocks of a sparse product (the columns after the 64-wide blocks: all of
/// them for the linear model's widths 10 and 20).
///
/// One row's sum is a chain of dependent FMAs, one per nonzero, and an FMA takes 4 cycles here
/// before the next may start: a block that accumulates one row at a time waits on that latency
/// (the linear model's width-20 product ran two such passes over S, width 10 three). These
/// blocks cover up to 24 columns in one pass, as a main and a tail vector, and run four rows side
/// by side, so eight independent chains fill the FMA pipes. Each row is still accumulated on its
/// own, nonzero by nonzero in ascending column order, with the same fused multiply-adds: the
/// result is bit for bit the one-row-at-a-time result. The rows of a group come from
/// ``SparseRowMatrix/rowOrder`` (sorted by length within windows), so they finish together.
extension SparseProductOperands {
    /// Columns `first ..< n` of C for the rows at positions `positions`, in passes of a main and a
    /// tail vector (`20` = 16 + 4, `10` = 8 + 2, 44 = (8 + 8) + (16 + 8) + (2 + 2)).
    func narrowColumns(positions: Range<Int>, from first: Int) {
        var column = first
        while column < n {
            let (main, tail) = Self.nextPass(remaining: n - column)
            Self.dispatch(main: main, tail: tail,
                          InterleavedPass(operands: self, positions: positions, column: column))
            column += main + tail
        }
    }

    /// The (main, tail) vector widths of the next pass over the `remaining` ≥ 1 columns still to do:
    /// the widest vector and the widest that fits after it, up to 24 columns (20 = 16 + 4,
    /// 10 = 8 + 2); else the widest vector split in halves (16 = 8 + 8, so four rows still make
    /// eight chains); (1, 0), one column alone, when a single column remains.
    static func nextPass(remaining: Int) -> (main: Int, tail: Int) {
        let main = piece(atMost: remaining)
        let tail = piece(atMost: remaining - main)
        if remaining > main && main + tail <= 24 { return (main, tail) }
        if main >= 2 { return (main / 2, main / 2) }
        return (1, 0)
    }

    /// The (main, tail) vector widths of the pass `narrowColumns` starts a block of `width`
    /// columns with, if that one pass covers all of them (10 = 8 + 2, 16 = 8 + 8, 20 = 16 + 4).
    static func singlePass(width: Int) -> (main: Int, tail: Int)? {
        guard width >= 1 else { return nil }
        let pass = nextPass(remaining: width)
        return pass.main + pass.tail == width && pass.tail > 0 ? pass : nil
    }

    /// The widest vector width (16, 8, 4, 2 or 1) not above `limit` (0 for `limit` < 1).
    private static func piece(atMost limit: Int) -> Int {
        if limit >= 16 { return 16 }
        if limit >= 8 { return 8 }
        if limit >= 4 { return 4 }
        if limit >= 2 { return 2 }
        return limit >= 1 ? 1 : 0
    }

    /// Runs `kernel` with the concrete vector types of `main` and `tail` lanes (`tail` 0: one
    /// column, as a one-lane main and tail).
    @inline(__always)
    static func dispatch<Kernel: PairKernel>(main: Int, tail: Int, _ kernel: Kernel) {
        typealias S16 = SIMD16<Float>
        typealias S8 = SIMD8<Float>
        typealias S4 = SIMD4<Float>
        typealias S2 = SIMD2<Float>
        switch (main, tail) {
        case (16, 8): kernel.run(S16.self, S8.self)
        case (16, 4): kernel.run(S16.self, S4.self)
        case (16, 2): kernel.run(S16.self, S2.self)
        case (16, 1): kernel.run(S16.self, SIMD1.self)
        case (8, 8): kernel.run(S8.self, S8.self)
        case (8, 4): kernel.run(S8.self, S4.self)
        case (8, 2): kernel.run(S8.self, S2.self)
        case (8, 1): kernel.run(S8.self, SIMD1.self)
        case (4, 4): kernel.run(S4.self, S4.self)
        case (4, 2): kernel.run(S4.self, S2.self)
        case (4, 1): kernel.run(S4.self, SIMD1.self)
        case (2, 2): kernel.run(S2.self, S2.self)
        case (2, 1): kernel.run(S2.self, SIMD1.self)
        case (1, 1): kernel.run(SIMD1.self, SIMD1.self)
        case (1, 0): kernel.runSingleColumn()
        default: preconditionFailure("no sparse block of \(main) + \(tail) columns")
        }
    }

    /// C[rows, column ..< column + M.scalarCount + T.scalarCount], four rows at a time.
    @inline(__always)
    fileprivate func pass<M: SIMD, T: SIMD>(
        _: M.Type, _: T.Type, positions: Range<Int>, column: Int
    ) where M.Scalar == Float, T.Scalar == Float {
        // The tail vector sits at a constant byte offset from the main one in each row of B.
        let bBlock = UnsafeRawPointer(b + column)
        let tailOffset = M.scalarCount * MemoryLayout<Float>.stride
        let rowBytes = ldb * MemoryLayout<Float>.stride
        // Nonzero `k` of a row whose values start at `v` and columns at `j` (wrapping arithmetic:
        // indices and offsets are in range by construction, and a checked multiply per nonzero
        // costs a branch and a register).
        @inline(__always) func accumulate(
            _ m: inout M, _ t: inout T, _ v: UnsafePointer<Float>, _ j: UnsafePointer<Int32>, _ k: Int
        ) {
            let x = v[k]
            let row = bBlock + Int(j[k]) &* rowBytes
            multiplyAdd(&m, x, row.loadUnaligned(as: M.self))
            multiplyAdd(&t, x, row.loadUnaligned(fromByteOffset: tailOffset, as: T.self))
        }
        @inline(__always) func store(_ m: M, _ t: T, row: Int) {
            let target = c + row * ldc + column
            write(m, to: target)
            write(t, to: target + M.scalarCount)
        }
        var position = positions.lowerBound
        while positions.upperBound - position >= 4 {
            let r0 = Int(order[position]), r1 = Int(order[position + 1])
            let r2 = Int(order[position + 2]), r3 = Int(order[position + 3])
            let s0 = starts[r0], s1 = starts[r1], s2 = starts[r2], s3 = starts[r3]
            let n0 = starts[r0 + 1] - s0, n1 = starts[r1 + 1] - s1
            let n2 = starts[r2 + 1] - s2, n3 = starts[r3 + 1] - s3
            let v0 = values + s0, v1 = values + s1, v2 = values + s2, v3 = values + s3
            let j0 = columns + s0, j1 = columns + s1, j2 = columns + s2, j3 = columns + s3
            var m0 = M(), m1 = M(), m2 = M(), m3 = M()
            var t0 = T(), t1 = T(), t2 = T(), t3 = T()
            let common = min(min(n0, n1), min(n2, n3))
            for k in 0..<common {
                accumulate(&m0, &t0, v0, j0, k)
                accumulate(&m1, &t1, v1, j1, k)
                accumulate(&m2, &t2, v2, j2, k)
                accumulate(&m3, &t3, v3, j3, k)
            }
            for k in common..<n0 { accumulate(&m0, &t0, v0, j0, k) }
            for k in common..<n1 { accumulate(&m1, &t1, v1, j1, k) }
            for k in common..<n2 { accumulate(&m2, &t2, v2, j2, k) }
            for k in common..<n3 { accumulate(&m3, &t3, v3, j3, k) }
            store(m0, t0, row: r0)
            store(m1, t1, row: r1)
            store(m2, t2, row: r2)
            store(m3, t3, row: r3)
            position += 4
        }
        for position in position..<positions.upperBound {
            let row = Int(order[position])
            var m = M(), t = T()
            let first = starts[row]
            for k in 0..<(starts[row + 1] - first) { accumulate(&m, &t, values + first, columns + first, k) }
            store(m, t, row: row)
        }
    }

    /// C[rows, column] one row at a time (only a product of width 1 mod 64 gets here).
    fileprivate func singleColumn(positions: Range<Int>, column: Int) {
        for position in positions {
            let row = Int(order[position])
            var sum = SIMD1()
            for p in starts[row]..<starts[row + 1] {
                multiplyAdd(&sum, values[p], SIMD1(repeating: b[Int(columns[p]) * ldb + column]))
            }
            write(sum, to: c + row * ldc + column)
        }
    }
}

/// The scatter kernels of ``SparseRowMatrix/scatterTransposedProduct(_:ldd:m:blockRows:threads:into:)``
/// (`SparseRowMatrix+Product.swift`).
extension SparseProductOperands {
    /// `partial` (depth × n) ← Σ over rows `rows` of x_ij·B[i, :] into row j, from zero.
    func scatter(main: Int, tail: Int, rows: Range<Int>, into partial: UnsafeMutablePointer<Float>) {
        partial.update(repeating: 0, count: depth * n)
        Self.dispatch(main: main, tail: tail, ScatterPass(operands: self, rows: rows, partial: partial))
    }

    @inline(__always)
    fileprivate func scatter<M: SIMD, T: SIMD>(
        _: M.Type, _: T.Type, rows: Range<Int>, into partial: UnsafeMutablePointer<Float>
    ) where M.Scalar == Float, T.Scalar == Float {
        let tailOffset = M.scalarCount * MemoryLayout<Float>.stride
        let rowBytes = n * MemoryLayout<Float>.stride
        let base = UnsafeMutableRawPointer(partial)
        for i in rows {
            let source = UnsafeRawPointer(b + i * ldb)
            let dMain = source.loadUnaligned(as: M.self)
            let dTail = source.loadUnaligned(fromByteOffset: tailOffset, as: T.self)
            for k in starts[i]..<starts[i + 1] {
                let x = values[k]
                let target = base + Int(columns[k]) &* rowBytes
                var m = target.loadUnaligned(as: M.self)
                var t = target.loadUnaligned(fromByteOffset: tailOffset, as: T.self)
                multiplyAdd(&m, x, dMain)
                multiplyAdd(&t, x, dTail)
                target.storeBytes(of: m, as: M.self)
                target.storeBytes(of: t, toByteOffset: tailOffset, as: T.self)
            }
        }
    }
}

/// A kernel over a (main, tail) pair of vector types, run by ``SparseProductOperands/dispatch(main:tail:_:)``
/// with the concrete types (one switch for both kernels below).
protocol PairKernel {
    func run<M: SIMD, T: SIMD>(_: M.Type, _: T.Type) where M.Scalar == Float, T.Scalar == Float
    /// The one-column case (main 1, tail 0).
    func runSingleColumn()
}

/// One interleaved pass of the product over columns `column ..< column + M + T`.
private struct InterleavedPass: PairKernel {
    let operands: SparseProductOperands
    let positions: Range<Int>
    let column: Int

    @inline(__always)
    func run<M: SIMD, T: SIMD>(_ m: M.Type, _ t: T.Type) where M.Scalar == Float, T.Scalar == Float {
        operands.pass(m, t, positions: positions, column: column)
    }

    func runSingleColumn() { operands.singleColumn(positions: positions, column: column) }
}

/// One block of the scatter (its widths always cover the whole product: no single column).
private struct ScatterPass: PairKernel {
    let operands: SparseProductOperands
    let rows: Range<Int>
    let partial: UnsafeMutablePointer<Float>

    @inline(__always)
    func run<M: SIMD, T: SIMD>(_ m: M.Type, _ t: T.Type) where M.Scalar == Float, T.Scalar == Float {
        operands.scatter(m, t, rows: rows, into: partial)
    }

    func runSingleColumn() { preconditionFailure("the scatter has no single-column pass") }
}
