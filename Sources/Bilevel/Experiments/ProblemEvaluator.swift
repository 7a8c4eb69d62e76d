/// The full-batch metrics of a bilevel problem at a solver's (x, y), reported by
/// ``StochasticRunner`` as `objective_<key>` columns (benchopt's `evaluate_result`, METHODS.md §5.4).
public protocol ProblemEvaluator: AnyObject {
    /// The metrics at (x, y), in column order; keys are snake_case without the `objective_` prefix.
    /// Evaluations run outside the solver's clock and may allocate.
    func objectiveMetrics(x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> [(key: String, value: Double)]
}

extension DataCleaningEvaluator: ProblemEvaluator {
    /// `value` (validation error), `value_func` (validation cross-entropy), `test_error`,
    /// `test_accuracy`, `train_error` (METHODS.md §3.1).
    public func objectiveMetrics(x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> [(key: String, value: Double)] {
        let m = metrics(y: y)
        return [("value", m.validationError), ("value_func", m.validationLoss), ("test_error", m.testError),
                ("test_accuracy", m.testAccuracy), ("train_error", m.trainError)]
    }
}
