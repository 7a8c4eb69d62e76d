import Tensor

/// A matrix of samples (one row each, `features` columns) with integer class labels.
///
/// Immutable once built; the storage has a stable address so model passes read it through raw
/// pointers with no copying.
public final class LabeledSamples: @unchecked Sendable {
    // @unchecked: both buffers are written only in init and never mutated afterwards.

    /// Number of samples.
    public let rows: Int
    /// Features per sample (784 for MNIST).
    public let features: Int
    /// Row-major feature storage; for a slice (``init(rowsOf:range:)``) the parent's whole buffer,
    /// of which this value reads rows from ``matrix`` on.
    public let values: FloatBuffer
    /// First row of ``values`` that belongs to this value (0 unless it is a slice).
    private let firstRow: Int
    /// Class label of each row.
    public let labels: [Int32]
    /// The features in sparse form when at most ``SampleProducts/autoDensityLimit`` of them are
    /// nonzero (PBGD's MNIST pixels); nil for dense data and for slices.
    public let sparse: SparseSampleMatrix?
    /// This matrix's product mode; nil follows the process-wide ``SampleProducts/mode``.
    public let products: SampleProducts?

    /// Samples from a row-major feature array and labels (`values.count == labels.count · features`).
    /// `products` fixes how products with the features run (nil: the process-wide mode).
    public init(values: [Float], labels: [Int32], features: Int, products: SampleProducts? = nil) {
        precondition(values.count == labels.count * features,
                     "\(values.count) feature values for \(labels.count) rows of \(features)")
        self.rows = labels.count
        self.features = features
        self.values = FloatBuffer(values)
        self.labels = labels
        firstRow = 0
        self.products = products
        let nonzeros = values.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
        let density = values.isEmpty ? 1 : Double(nonzeros) / Double(values.count)
        sparse = density <= SampleProducts.autoDensityLimit || products == .sparse
            ? SparseSampleMatrix(dense: self.values.constPointer, rows: labels.count, features: features) : nil
    }

    /// The contiguous rows `range` of `parent`, sharing its feature storage (no copy of the
    /// features; the labels are copied). A minibatch of the stochastic methods is such a slice
    /// (METHODS.md §1.3), so the model passes run on it unchanged.
    public init(rowsOf parent: LabeledSamples, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= parent.rows,
                     "rows \(range) outside 0..<\(parent.rows)")
        rows = range.count
        features = parent.features
        values = parent.values
        labels = Array(parent.labels[range])
        firstRow = parent.firstRow + range.lowerBound
        sparse = nil
        products = parent.products
    }

    /// Read-only pointer to the `rows × features` feature matrix.
    public var matrix: UnsafePointer<Float> { values.constPointer + firstRow * features }

    /// Whether products with ``matrix`` take the sparse kernels (``SampleProducts/mode``).
    public var usesSparseProducts: Bool {
        guard let sparse else { return false }
        return SampleProducts.useSparse(density: sparse.density, mode: products ?? SampleProducts.mode)
    }

    /// Z (rows × n, row stride `ldz`) ← X·Bᵀ for B stored n × features (row stride `ldb`): the
    /// forward product of a layer whose weights are B. Sparse or gemm per ``usesSparseProducts``.
    public func timesTransposed(
        _ b: UnsafePointer<Float>, ldb: Int, n: Int, into z: UnsafeMutablePointer<Float>, ldz: Int
    ) {
        if usesSparseProducts, let sparse {
            sparse.timesTransposed(b, ldb: ldb, n: n, into: z, ldz: ldz, threads: BLASThreads.kernelThreads)
        } else {
            gemm(.none, .transposed, m: rows, n: n, k: features, a: matrix, lda: features, b: b, ldb: ldb,
                 c: z, ldc: ldz)
        }
    }

    /// C (m × features, row stride `ldc`) ← Dᵀ·X + β·C for D stored rows × m (row stride `ldd`):
    /// the weight gradient of a layer from its pre-activation gradient D.
    public func transposedTimes(
        _ d: UnsafePointer<Float>, ldd: Int, m: Int, beta: Float = 0,
        into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if usesSparseProducts, let sparse {
            sparse.transposedTimes(d, ldd: ldd, m: m, beta: beta, into: c, ldc: ldc, threads: BLASThreads.kernelThreads)
        } else {
            gemm(.transposed, .none, m: m, n: features, k: rows, a: d, lda: ldd, b: matrix, ldb: features,
                 beta: beta, c: c, ldc: ldc)
        }
    }
}
