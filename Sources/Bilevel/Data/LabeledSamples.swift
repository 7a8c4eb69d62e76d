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

    /// Samples from a row-major feature array and labels (`values.count == labels.count · features`).
    public init(values: [Float], labels: [Int32], features: Int) {
        precondition(values.count == labels.count * features,
                     "\(values.count) feature values for \(labels.count) rows of \(features)")
        self.rows = labels.count
        self.features = features
        self.values = FloatBuffer(values)
        self.labels = labels
        firstRow = 0
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
    }

    /// Read-only pointer to the `rows × features` feature matrix.
    public var matrix: UnsafePointer<Float> { values.constPointer + firstRow * features }
}
