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
            let remaining = n - column
            let main = Self.piece(atMost: remaining)
            let tail = Self.piece(atMost: remaining - main)
            if remaining > main && main + tail <= 24 {
                interleaved(main: main, tail: tail, positions: positions, column: column)
                column += main + tail
            } else if main >= 2 {
                interleaved(main: main / 2, tail: main / 2, positions: positions, column: column)
                column += main
            } else {
                singleColumn(positions: positions, column: column)
                column += 1
            }
        }
    }

    /// The (main, tail) vector widths of the pass `narrowColumns` starts a block of `width`
    /// columns with, if that one pass covers all of them (10 = 8 + 2, 16 = 8 + 8, 20 = 16 + 4).
    static func singlePass(width: Int) -> (main: Int, tail: Int)? {
        let main = piece(atMost: width)
        let tail = piece(atMost: width - main)
        if width > main && main + tail == width && main + tail <= 24 { return (main, tail) }
        if width == main && main >= 2 { return (main / 2, main / 2) }
        return nil
    }

    /// The widest vector width (16, 8, 4, 2 or 1) not above `limit` (0 for `limit` < 1).
    private static func piece(atMost limit: Int) -> Int {
        if limit >= 16 { return 16 }
        if limit >= 8 { return 8 }
        if limit >= 4 { return 4 }
        if limit >= 2 { return 2 }
        return limit >= 1 ? 1 : 0
    }

    /// One pass over columns `column ..< column + main + tail`, with concrete vector types.
    private func interleaved(main: Int, tail: Int, positions: Range<Int>, column: Int) {
        typealias S16 = SIMD16<Float>
        typealias S8 = SIMD8<Float>
        typealias S4 = SIMD4<Float>
        typealias S2 = SIMD2<Float>
        switch (main, tail) {
        case (16, 8): pass(S16.self, S8.self, positions: positions, column: column)
        case (16, 4): pass(S16.self, S4.self, positions: positions, column: column)
        case (16, 2): pass(S16.self, S2.self, positions: positions, column: column)
        case (16, 1): pass(S16.self, SIMD1.self, positions: positions, column: column)
        case (8, 8): pass(S8.self, S8.self, positions: positions, column: column)
        case (8, 4): pass(S8.self, S4.self, positions: positions, column: column)
        case (8, 2): pass(S8.self, S2.self, positions: positions, column: column)
        case (8, 1): pass(S8.self, SIMD1.self, positions: positions, column: column)
        case (4, 4): pass(S4.self, S4.self, positions: positions, column: column)
        case (4, 2): pass(S4.self, S2.self, positions: positions, column: column)
        case (4, 1): pass(S4.self, SIMD1.self, positions: positions, column: column)
        case (2, 2): pass(S2.self, S2.self, positions: positions, column: column)
        case (2, 1): pass(S2.self, SIMD1.self, positions: positions, column: column)
        case (1, 1): pass(SIMD1.self, SIMD1.self, positions: positions, column: column)
        default: preconditionFailure("no sparse block of \(main) + \(tail) columns")
        }
    }

    /// C[rows, column ..< column + M.scalarCount + T.scalarCount], four rows at a time.
    @inline(__always)
    private func pass<M: SIMD, T: SIMD>(
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
    private func singleColumn(positions: Range<Int>, column: Int) {
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
