#if canImport(Glibc)
    import Glibc
#endif
import Tensor

/// Metrics of multinomial regularization selection (METHODS.md §3.3, benchopt's error rates):
/// `value` = validation error, `value_func` = validation cross-entropy, `test_error` (when the
/// data have a test set), each mean(argmax(A·W) ≠ label) on the full set.
public final class MultinomialEvaluator: ProblemEvaluator {
    private let data: ClassificationData
    private let validation: MultinomialRegularizationProblem
    private let test: MultinomialRegularizationProblem?

    /// An evaluator of `data`.
    public init(data: ClassificationData) {
        self.data = data
        // Problems whose "train" set is the evaluated set, for their full-batch softmax.
        validation = MultinomialRegularizationProblem(
            data: ClassificationData(name: data.name, classes: data.classes, train: data.validation, validation: data.validation),
            batchSize: Int.max)
        test = data.test.map {
            MultinomialRegularizationProblem(data: ClassificationData(name: data.name, classes: data.classes, train: $0, validation: $0),
                                             batchSize: Int.max)
        }
    }

    /// Error rate and mean cross-entropy of `problem`'s train set at W.
    private func errorAndLoss(_ problem: MultinomialRegularizationProblem, w: UnsafePointer<Float>) -> (Double, Double) {
        let samples = problem.data.train, c = data.classes
        let p = FloatBuffer(count: samples.rows * c)
        problem.probabilities(samples, 0..<samples.rows, w: w, into: p.pointer)
        var errors = 0, loss = 0.0
        for i in 0..<samples.rows {
            let row = p.pointer + i * c
            let predicted = (0..<c).max { row[$0] < row[$1] }!
            if predicted != Int(samples.labels[i]) { errors += 1 }
            loss -= Double(logf(max(row[Int(samples.labels[i])], Float.leastNormalMagnitude)))
        }
        return (Double(errors) / Double(samples.rows), loss / Double(samples.rows))
    }

    public func objectiveMetrics(x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> [(key: String, value: Double)] {
        let (error, loss) = errorAndLoss(validation, w: y)
        var metrics: [(key: String, value: Double)] = [("value", error), ("value_func", loss)]
        if let test { metrics.append(("test_error", errorAndLoss(test, w: y).0)) }
        return metrics
    }
}
