/// One hyper-cleaning evaluation: the benchmark's TRAIN_METRICS fields (PBGD.md §5.2).
public struct EvaluationRecord: Codable, Sendable, Equatable {
    /// The iteration k whose update was just applied.
    public var step: Int
    /// g(x, w) before the update.
    public var trainLoss: Double
    /// f(w) before the update.
    public var validationLoss: Double
    /// Test accuracy in percent after the update.
    public var testAccuracy: Double
    /// Cleaner F1 in percent.
    public var f1: Double
    /// Cleaner precision.
    public var precision: Double
    /// Cleaner recall.
    public var recall: Double
    /// The method's auxiliary value (penalty_gap, grad_penalty, inner_objective).
    public var auxiliary: Double
    /// Wall time of this iteration's training step, seconds.
    public var iterationSeconds: Double
    /// Time since training started, evaluations included (the benchmark's runtime_sec).
    public var runtimeSeconds: Double

    /// The TRAIN_METRICS record: the benchmark's keys in its order and formats, then `runtime_sec`.
    public func trainMetrics(auxiliaryKey: String) -> MetricsRecord {
        var record = MetricsRecord.train()
        record.append("step", .int(step))
        record.append("train_loss", .float(trainLoss))
        record.append("val_loss", .float(validationLoss))
        record.append("test_accuracy", .float(testAccuracy, format: .fixed(3)))
        record.append("f1_score", .float(f1, format: .fixed(3)))
        record.append("cleaner_precision", .float(precision))
        record.append("cleaner_recall", .float(recall))
        record.append(auxiliaryKey, .float(auxiliary))
        record.append("iter_time", .float(iterationSeconds))
        record.append("runtime_sec", .float(runtimeSeconds))
        return record
    }
}

/// The benchmark's run summary: the best-accuracy and best-F1 evaluations (PBGD.md §3.5).
///
/// A later evaluation replaces the best-accuracy record only if its accuracy is higher by more
/// than 1e-12, or equal within 1e-12 with a higher F1; best-F1 symmetrically. Both select on
/// the test set, as the benchmark does (quirk Q6); ``last`` keeps the last evaluation too.
public struct BestRecords: Codable, Sendable, Equatable {
    /// Highest test accuracy so far.
    public private(set) var bestAccuracy: EvaluationRecord?
    /// Highest F1 so far.
    public private(set) var bestF1: EvaluationRecord?
    /// The latest evaluation.
    public private(set) var last: EvaluationRecord?

    /// No evaluations yet.
    public init() {}

    /// Considers a new evaluation.
    public mutating func update(with record: EvaluationRecord) {
        last = record
        if let best = bestAccuracy {
            let better = record.testAccuracy > best.testAccuracy + 1e-12
                || (abs(record.testAccuracy - best.testAccuracy) <= 1e-12 && record.f1 > best.f1)
            if better { bestAccuracy = record }
        } else {
            bestAccuracy = record
        }
        if let best = bestF1 {
            let better = record.f1 > best.f1 + 1e-12
                || (abs(record.f1 - best.f1) <= 1e-12 && record.testAccuracy > best.testAccuracy)
            if better { bestF1 = record }
        } else {
            bestF1 = record
        }
    }
}
