#if canImport(Glibc)
    import Glibc
#endif

/// Synthetic classification data with the shapes of a real data set, for timing and stand-in
/// experiments (METHODS.md §3.5–3.6): Gaussian features N(0, I), labels from a random linear
/// teacher W ~ N(0, I)·(scale/√d) (logistic sampling for two classes, argmax for more), then a
/// `labelNoise` fraction of labels redrawn uniformly. Every stream comes from
/// `RandomState(seed)`, so a (shape, seed) pair always gives the same data.
public struct SyntheticClassification: Sendable {
    /// `data_name` of the result.
    public var name: String
    /// Features d.
    public var features: Int
    /// Classes (2: binary 0/1).
    public var classes: Int
    /// Rows of the train, validation and test sets (test may be 0).
    public var trainRows: Int, validationRows: Int, testRows: Int
    /// Logit scale of the teacher.
    public var teacherScale: Double = 2
    /// Added to the teacher's class-1 logit (binary): negative values make positives rare.
    public var offset: Double = 0
    /// Fraction of labels redrawn uniformly.
    public var labelNoise: Double = 0
    /// The seed.
    public var seed: UInt32 = 2442

    /// A generator; see the properties.
    public init(name: String, features: Int, classes: Int, trainRows: Int, validationRows: Int, testRows: Int = 0) {
        self.name = name
        self.features = features
        self.classes = classes
        self.trainRows = trainRows
        self.validationRows = validationRows
        self.testRows = testRows
    }

    /// The stand-in for IJCNN1's shapes (22 features, 49990 / 91701, about one positive in
    /// eight after 10 % noise), for timing (METHODS.md §3.6).
    public static let ijcnn1Shapes: SyntheticClassification = {
        var s = SyntheticClassification(name: "synthetic-ijcnn1", features: 22, classes: 2, trainRows: 49_990, validationRows: 91_701)
        (s.offset, s.labelNoise) = (-4, 0.1)
        return s
    }()

    /// The NBO paper's synthetic hyper-parameter problem, reconstructed [R] (METHODS.md §3.5):
    /// d = 100, 16000 / 4000, logistic teacher, no extra noise.
    public static let nboSynthetic = SyntheticClassification(
        name: "synthetic-logistic[stand-in,d=100]", features: 100, classes: 2, trainRows: 16_000, validationRows: 4_000)

    /// Covtype's shapes (54 features, 7 classes, 371847 / 92962 / 116203), argmax teacher, 10 % noise.
    public static let covtypeShapes: SyntheticClassification = {
        var s = SyntheticClassification(name: "synthetic-covtype", features: 54, classes: 7, trainRows: 371_847,
                                        validationRows: 92_962, testRows: 116_203)
        s.labelNoise = 0.1
        return s
    }()

    /// Draws the data.
    public func generate() -> ClassificationData {
        var gauss = GaussianSampler(seed: seed)
        let d = features, teacherColumns = classes == 2 ? 1 : classes
        let teacher = (0..<(d * teacherColumns)).map { _ in gauss.next() * teacherScale / Double(d).squareRoot() }
        func draw(_ rows: Int) -> LabeledSamples {
            var values = [Float](repeating: 0, count: rows * d)
            var labels = [Int32](repeating: 0, count: rows)
            for i in 0..<rows {
                var logits = [Double](repeating: 0, count: teacherColumns)
                for k in 0..<d {
                    let v = gauss.next()
                    values[i * d + k] = Float(v)
                    for c in 0..<teacherColumns { logits[c] += v * teacher[k * teacherColumns + c] }
                }
                if classes == 2 {
                    labels[i] = gauss.uniform() < 1 / (1 + exp(-(logits[0] + offset))) ? 1 : 0
                } else {
                    labels[i] = Int32(logits.indices.max { logits[$0] < logits[$1] }!)
                }
                if labelNoise > 0 && gauss.uniform() < labelNoise {
                    labels[i] = Int32(min(classes - 1, Int(gauss.uniform() * Double(classes))))
                }
            }
            return LabeledSamples(values: values, labels: labels, features: d)
        }
        let train = draw(trainRows), validation = draw(validationRows)
        return ClassificationData(name: name, classes: classes, train: train, validation: validation,
                                  test: testRows > 0 ? draw(testRows) : nil)
    }
}
