import Tensor

/// Runs a configured stochastic solver on a problem and measures it as benchopt
/// does (METHODS.md §5.1): an evaluation at iteration 0 and after every `evalFreq` iterations,
/// the clock running only while the solver steps (evaluations excluded); a run ends after
/// `maxIterations`, when the solver time passes `maxSeconds`, or when x or y stops being finite.
///
/// Each evaluation becomes one record with benchopt's column names: `solver_name` (parameters in
/// brackets), `data_name`, `idx_rep` (the seed), `stop_val` (evaluation index), `iteration`,
/// `time` (seconds), then one `objective_<key>` column per metric of the ``ProblemEvaluator`` (for
/// data cleaning `objective_value` (validation error), `objective_value_func` (validation
/// cross-entropy), `objective_test_error`, `objective_test_accuracy` (1 − test error) and
/// `objective_train_error` (on the corrupted labels)).
public struct StochasticRunner {
    /// When to evaluate and stop.
    public struct Options: Sendable {
        /// Outer iterations at most.
        public var maxIterations: Int
        /// Iterations between evaluations.
        public var evalFreq: Int
        /// Solver seconds at most (nil: no limit).
        public var maxSeconds: Double?

        /// Options; see the properties.
        public init(maxIterations: Int, evalFreq: Int, maxSeconds: Double? = nil) {
            self.maxIterations = maxIterations
            self.evalFreq = evalFreq
            self.maxSeconds = maxSeconds
        }
    }

    /// How a run ended.
    public enum Status: String, Sendable {
        /// Reached the iteration or time budget.
        case finished
        /// x or y became non-finite (benchopt marks such runs failed).
        case diverged
    }

    /// The solver and its display name.
    public let configured: ConfiguredSolver
    /// The metrics evaluator of the problem's data.
    public let evaluator: any ProblemEvaluator
    /// `data_name`, e.g. `mnist[corruption=0.5]`.
    public let dataName: String
    /// `idx_rep`.
    public let seed: Int

    /// A runner; see the properties.
    public init(configured: ConfiguredSolver, evaluator: any ProblemEvaluator, dataName: String, seed: Int) {
        self.configured = configured
        self.evaluator = evaluator
        self.dataName = dataName
        self.seed = seed
    }

    /// Runs the solver, calling `onEvaluation` with each record as it is made.
    ///
    /// - Returns: the status, the iterations run, the solver seconds and the last record (also
    ///   passed to `onEvaluation`).
    public func run(_ options: Options, onEvaluation: (MetricsRecord) throws -> Void) rethrows
        -> (status: Status, iterations: Int, seconds: Double, last: MetricsRecord)
    {
        precondition(options.maxIterations >= 0 && options.evalFreq >= 1, "bad runner options")
        let solver = configured.solver
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var iteration = 0
        var evaluation = 0
        var status = Status.finished
        var last = record(stopVal: 0, iteration: 0, seconds: 0)
        try onEvaluation(last)
        while iteration < options.maxIterations {
            let block = min(options.evalFreq, options.maxIterations - iteration)
            let start = clock.now
            for _ in 0..<block { solver.step() }
            elapsed += clock.now - start
            iteration += block
            evaluation += 1
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if !isFinite(solver.x) || !isFinite(solver.y) {
                status = .diverged
                break
            }
            last = record(stopVal: evaluation, iteration: iteration, seconds: seconds)
            try onEvaluation(last)
            if let maxSeconds = options.maxSeconds, seconds >= maxSeconds { break }
        }
        let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (status, iteration, total, last)
    }

    private func isFinite(_ buffer: FloatBuffer) -> Bool {
        var sum: Float = 0
        for k in 0..<buffer.count { sum += buffer.pointer[k] * 0 }  // NaN·0 = NaN, ±inf·0 = NaN
        return !sum.isNaN
    }

    private func record(stopVal: Int, iteration: Int, seconds: Double) -> MetricsRecord {
        let metrics = evaluator.objectiveMetrics(x: configured.solver.x.constPointer, y: configured.solver.y.constPointer)
        var record = MetricsRecord.solverEvaluation(
            solver: configured.displayName, data: dataName, seed: seed, stopVal: stopVal, iteration: iteration,
            seconds: seconds)
        for (key, value) in metrics { record.append("objective_" + key, .float(value)) }
        return record
    }
}
