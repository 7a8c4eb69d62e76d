import Tensor

/// Evaluation of a hyper-cleaning iterate (x = per-sample weight logits, θ = linear model) for the
/// MNIST minimax problems: the benchopt-style error columns, test accuracy overall and per class
/// (worst group = worst class), the cleaner's F1 and ‖θ‖. Allocates its heads at init.
final class CleaningMetrics {
    private let heads: (validation: ClassifierHead, test: ClassifierHead, train: ClassifierHead)
    private let cleanFlags: [Float]
    private let predictions: UnsafeMutablePointer<Int32>
    private let parameterCount: Int

    init(data: HyperCleaningData, network: NetworkArchitecture) {
        heads = (ClassifierHead(pass: network.makePass(samples: data.validation, maxSets: 1)),
                 ClassifierHead(pass: network.makePass(samples: data.test, maxSets: 1)),
                 ClassifierHead(pass: network.makePass(samples: data.train, maxSets: 1)))
        cleanFlags = data.cleanFlags
        predictions = .allocate(capacity: max(data.test.rows, data.validation.rows, data.train.rows))
        parameterCount = network.layout.count
    }

    deinit { predictions.deallocate() }

    /// Per-class accuracy (fractions) and mean CE of `head` at `parameters`.
    private func evaluate(_ head: ClassifierHead, _ parameters: UnsafePointer<Float>) -> (perClass: [Double], overall: Double, loss: Double) {
        head.pass.forward(parameters, nil)
        head.evaluate(set: 0)
        let classes = head.pass.classes
        rowArgmax(head.pass.logits, rows: head.rows, columns: classes, into: predictions)
        var correct = [Int](repeating: 0, count: classes)
        var total = [Int](repeating: 0, count: classes)
        let labels = head.pass.samples.labels
        for i in 0..<head.rows {
            total[Int(labels[i])] += 1
            if predictions[i] == labels[i] { correct[Int(labels[i])] += 1 }
        }
        let perClass = zip(correct, total).map { $1 > 0 ? Double($0) / Double($1) : 1 }
        return (perClass, Double(correct.reduce(0, +)) / Double(head.rows), head.meanLoss(set: 0, rowWeights: nil))
    }

    /// The metric columns at (x, θ).
    func metrics(x: UnsafePointer<Float>, parameters: UnsafePointer<Float>) -> [(key: String, value: MetricValue)] {
        let validation = evaluate(heads.validation, parameters)
        let test = evaluate(heads.test, parameters)
        let train = evaluate(heads.train, parameters)
        let cleaner = CleanerMetrics(x: x, cleanFlags: cleanFlags, pollutionRate: 0.5)
        let norm = sumOfSquares(UnsafeBufferPointer(start: parameters, count: parameterCount)).squareRoot()
        return [
            ("objective_value", .float(1 - validation.overall)), ("objective_value_func", .float(validation.loss)),
            ("objective_test_error", .float(1 - test.overall)), ("objective_test_accuracy", .float(test.overall)),
            ("objective_train_error", .float(1 - train.overall)),
            ("test_accuracy", .float(100 * test.overall, format: .fixed(2))),
            ("worst_group_test_accuracy", .float(100 * (test.perClass.min() ?? 0), format: .fixed(2))),
            ("worst_group_validation_accuracy", .float(100 * (validation.perClass.min() ?? 0), format: .fixed(2))),
            ("f1_score", .float(cleaner.f1, format: .fixed(2))),
            ("weight_norm", .float(norm, format: .fixed(4))),
        ]
    }
}
