import Synchronization

/// A sample matrix X (rows × features) held sparse in both orientations, with the two products a
/// network pass takes with it: Z = X·Bᵀ (forward, B stored n × features like PyTorch's weights)
/// and C = α·Dᵀ·X + β·C (weight gradients, D rows × m).
///
/// Both go through ``SparseRowMatrix/multiply(n:alpha:b:ldb:beta:c:ldc:threads:)``: the forward
/// on X after transposing B into scratch (features × n), the gradient on Xᵀ (whose CSR rows are
/// X's columns) giving (Dᵀ·X)ᵀ in scratch, transposed into C. The transposes move n·features
/// floats, against 2·nonzeros·n FLOPs of product. Not safe for concurrent products.
///
/// A narrow gradient (m ≤ 24, the linear model's) is scattered from X's own rows instead
/// (`SparseProductOperands.swift`), with the same block-by-block sums; Xᵀ is then never built.
///
/// Xᵀ is kept in blocks of ``sampleBlock`` samples: the gradient product gathers rows of D, and a
/// 64-column slice of 512 of them (128 KB) stays in L2 where one of all 5000 (1.3 MB) would not
/// (measured: the unblocked gradient took 3× the forward). Each block accumulates onto the last
/// in ascending sample order, so the sums are the unblocked ones, term for term.
public final class SparseSampleMatrix: @unchecked Sendable {
    // @unchecked: both CSR forms are immutable once built (Xᵀ under a lock); their scratch is used
    // by one product at a time.

    /// X in CSR form.
    public let rowsForm: SparseRowMatrix
    /// Xᵀ in CSR form (X's columns), one matrix per block of ``sampleBlock`` samples: a second
    /// copy of X, built on first use, since only gradients wider than the scatter's (m > 24: the
    /// MLP's, not the linear model's) read it.
    public var columnsForm: [SparseRowMatrix] {
        columnsStorage.withLock { stored in
            if let stored { return stored }
            let form = rowsForm
            let built = stride(from: 0, to: form.rows, by: Self.sampleBlock).map {
                form.transposed(rowRange: $0..<min(form.rows, $0 + Self.sampleBlock))
            }
            stored = built
            return built
        }
    }
    private let columnsStorage = Mutex<[SparseRowMatrix]?>(nil)
    /// Samples per block of ``columnsForm``.
    public static let sampleBlock = 512

    /// Sample rows of X.
    public var rows: Int { rowsForm.rows }
    /// Features (columns) of X.
    public var features: Int { rowsForm.columns }
    /// Fraction of nonzero entries.
    public var density: Double { rowsForm.density }

    /// The sparse forms of the dense row-major matrix at `dense`.
    public init(dense: UnsafePointer<Float>, rows: Int, features: Int) {
        rowsForm = SparseRowMatrix(dense: dense, rows: rows, columns: features, ld: max(1, features))
    }

    /// Z (rows × n, row stride `ldz`) ← X·Bᵀ for B stored n × features (row stride `ldb`).
    public func timesTransposed(
        _ b: UnsafePointer<Float>, ldb: Int, n: Int, into z: UnsafeMutablePointer<Float>, ldz: Int,
        threads: Int
    ) {
        let bt = rowsForm.scratchBuffer(count: features * n)
        transposeCopy(b, ld: ldb, rows: n, columns: features, into: bt, ldOut: n)
        rowsForm.multiply(n: n, b: bt, ldb: max(1, n), c: z, ldc: ldz, threads: threads)
    }

    /// C (m × features, row stride `ldc`) ← α·Dᵀ·X + β·C for D stored rows × m (row stride `ldd`).
    public func transposedTimes(
        _ d: UnsafePointer<Float>, ldd: Int, m: Int, alpha: Float = 1, beta: Float = 0,
        into c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
    ) {
        let ct = rowsForm.scratchBuffer(count: features * m)
        let scattered = rowsForm.scatterTransposedProduct(
            d, ldd: ldd, m: m, blockRows: Self.sampleBlock, threads: threads, into: ct)
        if !scattered {
            let columnsForm = columnsForm
            if columnsForm.isEmpty { ct.update(repeating: 0, count: features * m) }
            for (index, block) in columnsForm.enumerated() {
                block.multiply(n: m, b: d, ldb: ldd, beta: index == 0 ? 0 : 1, c: ct, ldc: max(1, m), threads: threads)
            }
        }
        transposeCopy(ct, ld: max(1, m), rows: features, columns: m, into: c, ldOut: ldc, alpha: alpha, beta: beta)
    }
}

/// out (columns × rows, row stride `ldOut`) ← α·inᵀ + β·out, for `source` rows × columns (row stride
/// `ld`), in 16×16 tiles so both sides stay in cache lines. β = 0 does not read `out`.
func transposeCopy(
    _ source: UnsafePointer<Float>, ld: Int, rows: Int, columns: Int,
    into out: UnsafeMutablePointer<Float>, ldOut: Int, alpha: Float = 1, beta: Float = 0
) {
    let tile = 16
    for i0 in stride(from: 0, to: rows, by: tile) {
        let iEnd = min(rows, i0 + tile)
        for j0 in stride(from: 0, to: columns, by: tile) {
            let jEnd = min(columns, j0 + tile)
            for j in j0..<jEnd {
                let target = out + j * ldOut
                if beta == 0 && alpha == 1 {
                    for i in i0..<iEnd { target[i] = source[i * ld + j] }
                } else if beta == 0 {
                    for i in i0..<iEnd { target[i] = alpha * source[i * ld + j] }
                } else {
                    for i in i0..<iEnd { target[i] = alpha * source[i * ld + j] + beta * target[i] }
                }
            }
        }
    }
}
