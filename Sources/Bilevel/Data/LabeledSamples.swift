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
    /// Row-major `rows × features` feature matrix.
    public let values: FloatBuffer
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
    }

    /// Read-only pointer to the feature matrix.
    public var matrix: UnsafePointer<Float> { values.constPointer }
}
