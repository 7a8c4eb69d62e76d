/// Labelled train and validation samples (and optionally test samples) of a classification
/// problem, with the name every output uses for them (`data_name`).
///
/// Binary sets use labels 0/1 (label ±1 in the logistic formulas is 2·label − 1). A stand-in data
/// set says so in its name (`shuttle-as-ijcnn1`, `synthetic-ijcnn1`, METHODS.md §3.6).
public struct ClassificationData: Sendable {
    /// `data_name` in every record.
    public let name: String
    /// Number of classes (2 for binary).
    public let classes: Int
    /// The lower-level (g) samples.
    public let train: LabeledSamples
    /// The upper-level (f) samples.
    public let validation: LabeledSamples
    /// Held-out samples, when the data set has them.
    public let test: LabeledSamples?

    /// Data; see the properties. All sets must have the same number of features.
    public init(name: String, classes: Int, train: LabeledSamples, validation: LabeledSamples, test: LabeledSamples? = nil) {
        precondition(train.features == validation.features && (test?.features ?? train.features) == train.features,
                     "sets with different feature counts")
        self.name = name
        self.classes = classes
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// Features per sample.
    public var features: Int { train.features }

    /// The rows of `values` (row-major, `features` columns) selected by `indices`, standardised
    /// with the per-column mean and population standard deviation of the rows `reference`
    /// selects (sklearn `StandardScaler`, a zero deviation replaced by 1).
    static func standardisedRows(_ values: [Float], features: Int, indices: [[Int]], reference: [Int]) -> [[Float]] {
        var mean = [Double](repeating: 0, count: features), second = mean
        for i in reference {
            for j in 0..<features {
                let v = Double(values[i * features + j])
                mean[j] += v
                second[j] += v * v
            }
        }
        let n = Double(reference.count)
        let scale = (0..<features).map { j -> Double in
            mean[j] /= n
            let variance = max(0, second[j] / n - mean[j] * mean[j])
            return variance > 0 ? 1 / variance.squareRoot() : 1
        }
        return indices.map { rows in
            rows.flatMap { i in (0..<features).map { j in Float((Double(values[i * features + j]) - mean[j]) * scale[j]) } }
        }
    }
}
