/// Sᵀ·D for a narrow D from S's own rows, by scattering: row i of S adds x_ij·D[i, :] to row j
/// of the result. The gradient Dᵀ·X of a linear model then reads the same CSR arrays the forward
/// X·Wᵀ read a moment before, instead of a second copy of X in CSC form (a V-PBGD iteration
/// streamed four 6 MB matrices; now two).
///
/// The sums are the ones of the gather over the CSC blocks (``SparseSampleMatrix``), bit for bit:
/// within each block of `blockRows` rows, every output entry accumulates its terms in ascending
/// row order from zero with the same multiply-add, and the block sums are added in block order
/// (first block stored, each next one added: `P_b + T`), which is what the gather's β = 1 writes do.
extension SparseRowMatrix {
    /// T (columns × m, row-major, row stride m) ← Sᵀ·D for D rows × m (row stride `ldd`), summed
    /// in blocks of `blockRows` rows as described above, or false when m is not one
    /// ``SparseProductOperands/singlePass(width:)`` (wider products keep the gather). Blocks are
    /// split over `threads` workers, each into its own partial sum, so the result does not
    /// depend on the thread count. Allocates only when its scratch must grow.
    func scatterTransposedProduct(
        _ d: UnsafePointer<Float>, ldd: Int, m: Int, blockRows: Int, threads: Int,
        into t: UnsafeMutablePointer<Float>
    ) -> Bool {
        guard let pass = SparseProductOperands.singlePass(width: m), rows > 0 else { return false }
        let rowCount = rows
        let blocks = (rowCount + blockRows - 1) / blockRows
        let blockSize = columns * m
        if partials.count < blocks * blockSize { partials = FloatBuffer(count: blocks * blockSize) }
        let partial = partials.pointer
        let target = SendablePointer(partial)
        let workers = max(1, min(threads, 2 * nonzeros * m / 2_000_000, blocks))
        withOperands(n: m, alpha: 1, b: d, ldb: ldd, beta: 0, c: partial, ldc: m) { operands in
            Self.forEachWorker(workers) { worker in
                for block in stride(from: worker, to: blocks, by: workers) {
                    operands.scatter(
                        main: pass.main, tail: pass.tail,
                        rows: block * blockRows..<min(rowCount, (block + 1) * blockRows),
                        into: target.pointer + block * blockSize)
                }
            }
        }
        t.update(from: partial, count: blockSize)
        for block in 1..<blocks {
            let next = partial + block * blockSize
            for e in 0..<blockSize { t[e] = next[e] + t[e] }
        }
        return true
    }
}

extension SparseProductOperands {
    /// `partial` (depth × n) ← Σ over rows `rows` of x_ij·B[i, :] into row j, from zero.
    fileprivate func scatter(main: Int, tail: Int, rows: Range<Int>, into partial: UnsafeMutablePointer<Float>) {
        typealias S16 = SIMD16<Float>
        typealias S8 = SIMD8<Float>
        typealias S4 = SIMD4<Float>
        typealias S2 = SIMD2<Float>
        partial.update(repeating: 0, count: depth * n)
        switch (main, tail) {
        case (16, 8): scatter(S16.self, S8.self, rows: rows, into: partial)
        case (16, 4): scatter(S16.self, S4.self, rows: rows, into: partial)
        case (16, 2): scatter(S16.self, S2.self, rows: rows, into: partial)
        case (16, 1): scatter(S16.self, SIMD1.self, rows: rows, into: partial)
        case (8, 8): scatter(S8.self, S8.self, rows: rows, into: partial)
        case (8, 4): scatter(S8.self, S4.self, rows: rows, into: partial)
        case (8, 2): scatter(S8.self, S2.self, rows: rows, into: partial)
        case (8, 1): scatter(S8.self, SIMD1.self, rows: rows, into: partial)
        case (4, 4): scatter(S4.self, S4.self, rows: rows, into: partial)
        case (4, 2): scatter(S4.self, S2.self, rows: rows, into: partial)
        case (4, 1): scatter(S4.self, SIMD1.self, rows: rows, into: partial)
        case (2, 2): scatter(S2.self, S2.self, rows: rows, into: partial)
        case (2, 1): scatter(S2.self, SIMD1.self, rows: rows, into: partial)
        case (1, 1): scatter(SIMD1.self, SIMD1.self, rows: rows, into: partial)
        default: preconditionFailure("no sparse scatter of \(main) + \(tail) columns")
        }
    }

    @inline(__always)
    private func scatter<M: SIMD, T: SIMD>(
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

/// A mutable pointer handed to the scatter's workers, each of which writes its own blocks.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}
