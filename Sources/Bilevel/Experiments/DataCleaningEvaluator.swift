/// Full-batch metrics of the data-cleaning problem at a model W (METHODS.md §3.1, benchopt's
/// `evaluate_result`): errors are mean(argmax(A·Wᵀ) ≠ label).
public struct DataCleaningMetrics: Sendable, Equatable {
    /// f(W): mean validation cross-entropy.
    public var validationLoss: Double
    /// Validation error (benchopt's `value`).
    public var validationError: Double
    /// Test error (benchopt HEAD's `test_accuracy`, which is an error rate).
    public var testError: Double
    /// Error on the corrupted train labels.
    public var trainError: Double
    /// 1 − test error (seed 003's "accuracy").
    public var testAccuracy: Double { 1 - testError }
}

/// Evaluates ``DataCleaningMetrics`` with one bias-free linear pass per set (allocates its
/// workspace once; each evaluation costs one forward gemm over 35000 rows).
public final class DataCleaningEvaluator {
    private let validation: ClassifierHead
    private let test: ClassifierHead
    private let train: ClassifierHead

    /// An evaluator for the three sets of `data`.
    public init(data: DataCleaningData) {
        func head(_ samples: LabeledSamples) -> ClassifierHead {
            ClassifierHead(pass: LinearPass(samples: samples, classes: 10, maxSets: 1, includesBias: false))
        }
        validation = head(data.validation)
        test = head(data.test)
        train = head(data.train)
    }

    /// The metrics at `y` (W, classes × features).
    public func metrics(y: UnsafePointer<Float>) -> DataCleaningMetrics {
        func error(_ head: ClassifierHead) -> Double {
            head.pass.forward(y, nil)
            return 1 - head.accuracyPercent() / 100
        }
        let validationError = error(validation)
        validation.evaluate(set: 0)
        return DataCleaningMetrics(
            validationLoss: validation.meanLoss(set: 0, rowWeights: nil), validationError: validationError,
            testError: error(test), trainError: error(train))
    }
}
