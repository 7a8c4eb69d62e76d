extension SparseRowMatrix {
    /// C ← α·S·B + β·C, with S = `self` (rows × columns), B dense row-major columns × `n` (row
    /// stride `ldb`), C rows × `n` (row stride `ldc`). β = 0 overwrites C without reading it.
    ///
    /// Each output row is accumulated over its nonzeros in ascending column order, in register
    /// blocks of 64 columns (eight AVX2 vectors; the 784×64 slice of B, 200 KB, packed
    /// contiguous, stays in L2 while every row of S streams past it), then narrower blocks that
    /// run four rows side by side (`SparseProductOperands.swift`). Rows are split over
    /// `threads` workers in contiguous blocks of ``rowOrder``; each row's sums are the same
    /// whichever rows share its block, so the result does not depend on the thread count.
    /// Cost: 2·nonzeros·n FLOPs. Allocates nothing.
    public func multiply(
        n: Int, alpha: Float = 1, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = 1
    ) {
        precondition(n >= 0 && ldb >= max(1, n) && ldc >= max(1, n), "sparse multiply: n \(n), ldb \(ldb), ldc \(ldc)")
        if rows == 0 || n == 0 { return }
        // Below ~2 MFLOP per worker a second thread costs more than it saves.
        let workers = max(1, min(threads, 2 * nonzeros * n / 2_000_000, rows))
        withOperands(n: n, alpha: alpha, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc) { operands in
            // Chunks of whole four-row groups, so no group is split between workers.
            let (rows, chunk) = (rows, ((rows + workers - 1) / workers + 3) / 4 * 4)
            Workers.run(workers) { worker in
                operands.multiplyRows(min(rows, worker * chunk)..<min(rows, (worker + 1) * chunk))
            }
        }
    }

    /// Runs `body` on the raw operands of a product of this matrix with B (row stride `ldb`)
    /// into C (row stride `ldc`); the pointers are valid only inside `body`.
    func withOperands(
        n: Int, alpha: Float, b: UnsafePointer<Float>, ldb: Int, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int, _ body: (SparseProductOperands) -> Void
    ) {
        values.withUnsafeBufferPointer { values in
            columnIndices.withUnsafeBufferPointer { columns in
                rowStarts.withUnsafeBufferPointer { starts in
                    rowOrder.withUnsafeBufferPointer { order in
                        body(SparseProductOperands(
                            values: values.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                            columns: columns.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                            starts: starts.baseAddress!, order: order.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                            depth: self.columns, columnSpan: self.columnSpan, n: n, alpha: alpha, b: b, ldb: ldb,
                            beta: beta, c: c, ldc: ldc))
                    }
                }
            }
        }
    }
}

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
            Workers.run(workers) { worker in
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

