import Tensor

/// Runs a solver of a ``MinimaxBilevelProblem`` (``PenaltySAPD`` or ``ProjectedVPBGD``) with the
/// columns and clock of ``StochasticRunner``: an evaluation at iteration 0 and every `evalFreq`
/// iterations, the clock running only while the solver steps. Each record carries benchopt's
/// `solver_name`, `data_name`, `idx_rep`, `stop_val`, `iteration`, `time`, then the problem's
/// metrics and the method's `kkt_residual`, `ll_gap` (penalty method only) and `oracle_calls`.
/// A run ends after `maxIterations`, past `maxSeconds`, when the residual and the gap are both at
/// most `stopTolerance` (``Status/converged``), or when the iterate stops being finite.
public struct MinimaxRunner {
    /// When to evaluate and stop.
    public struct Options: Sendable {
        /// Iterations (outer steps) at most.
        public var maxIterations: Int
        /// Iterations between evaluations.
        public var evalFreq: Int
        /// Solver seconds at most (nil: no limit).
        public var maxSeconds: Double?
        /// Stop once kkt_residual and ll_gap are both ≤ this (nil: never).
        public var stopTolerance: Double?

        /// Options; see the properties.
        public init(maxIterations: Int, evalFreq: Int, maxSeconds: Double? = nil, stopTolerance: Double? = nil) {
            (self.maxIterations, self.evalFreq, self.maxSeconds, self.stopTolerance) = (maxIterations, evalFreq, maxSeconds, stopTolerance)
        }
    }

    /// How a run ended.
    public enum Status: String, Sendable {
        /// Reached the iteration or time budget.
        case finished
        /// Reached the stop tolerance.
        case converged
        /// The iterate became non-finite.
        case diverged
    }

    /// A solver seen by the runner.
    public struct Solver {
        /// `solver_name` (with its parameters).
        public var displayName: String
        /// One iteration.
        public var step: () -> Void
        /// Whether the iterate is finite.
        public var isFinite: () -> Bool
        /// Metrics of the current iterate: the problem's, then the method's residuals.
        public var metrics: () -> [(key: String, value: MetricValue)]
        /// First-order oracle calls so far.
        public var oracleCalls: () -> Int

        /// A solver; see the properties.
        public init(displayName: String, step: @escaping () -> Void, isFinite: @escaping () -> Bool,
                    metrics: @escaping () -> [(key: String, value: MetricValue)], oracleCalls: @escaping () -> Int) {
            (self.displayName, self.step, self.isFinite, self.metrics, self.oracleCalls) = (displayName, step, isFinite, metrics, oracleCalls)
        }
    }

    /// The solver.
    public let solver: Solver
    /// `data_name`.
    public let dataName: String
    /// `idx_rep`.
    public let seed: Int

    /// A runner; see the properties.
    public init(solver: Solver, dataName: String, seed: Int) {
        (self.solver, self.dataName, self.seed) = (solver, dataName, seed)
    }

    /// Runs the solver, calling `onEvaluation` with each record as it is made.
    public func run(_ options: Options, onEvaluation: (MetricsRecord) throws -> Void) rethrows
        -> (status: Status, iterations: Int, seconds: Double, last: MetricsRecord)
    {
        precondition(options.maxIterations >= 0 && options.evalFreq >= 1, "bad runner options")
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var iteration = 0
        var evaluation = 0
        var status = Status.finished
        func seconds() -> Double { Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18 }
        var last = record(stopVal: 0, iteration: 0, seconds: 0)
        try onEvaluation(last)
        while iteration < options.maxIterations, !isConverged(last, options.stopTolerance) {
            let block = min(options.evalFreq, options.maxIterations - iteration)
            let start = clock.now
            for _ in 0..<block { solver.step() }
            elapsed += clock.now - start
            iteration += block
            evaluation += 1
            guard solver.isFinite() else {
                status = .diverged
                break
            }
            last = record(stopVal: evaluation, iteration: iteration, seconds: seconds())
            try onEvaluation(last)
            if let maxSeconds = options.maxSeconds, seconds() >= maxSeconds { break }
        }
        if status != .diverged && isConverged(last, options.stopTolerance) { status = .converged }
        return (status, iteration, seconds(), last)
    }

    private func isConverged(_ record: MetricsRecord, _ tolerance: Double?) -> Bool {
        guard let tolerance, let kkt = record["kkt_residual"]?.doubleValue, let gap = record["ll_gap"]?.doubleValue else { return false }
        return kkt <= tolerance && abs(gap) <= tolerance
    }

    private func record(stopVal: Int, iteration: Int, seconds: Double) -> MetricsRecord {
        var record = MetricsRecord.solverEvaluation(
            solver: solver.displayName, data: dataName, seed: seed, stopVal: stopVal, iteration: iteration,
            seconds: seconds)
        for (key, value) in solver.metrics() { record.append(key, value) }
        record.append("oracle_calls", .int(solver.oracleCalls()))
        return record
    }
}

extension MinimaxRunner.Solver {
    /// The runner's view of a ``PenaltySAPD`` run: the problem's metrics at (x1, x2, y1, y2), then
    /// `kkt_residual` and `ll_gap` on full batches.
    public init(_ method: PenaltySAPD, displayName: String) {
        let problem = method.penalty.problem
        let layout = method.penalty.layout
        self.init(
            displayName: displayName, step: { method.step() }, isFinite: { method.point.allFinite },
            metrics: {
                let point = method.point.constPointer
                var metrics = problem.metrics(layout.upperPoint(point))
                metrics.append(("kkt_residual", .float(method.residuals.kktResidual(at: point), format: .shortest)))
                metrics.append(("ll_gap", .float(method.residuals.lowerGap(at: point), format: .shortest)))
                return metrics
            },
            oracleCalls: { method.oracleCalls })
    }

    /// The runner's view of a ``ProjectedVPBGD`` run (no residual columns).
    public init(_ method: ProjectedVPBGD, problem: any MinimaxBilevelProblem, displayName: String) {
        self.init(
            displayName: displayName, step: { method.step() }, isFinite: { method.point.allFinite && method.omega.allFinite },
            metrics: {
                problem.selectBatches(upper: nil, lower: nil)
                return problem.metrics(method.upperPoint)
            },
            oracleCalls: { method.oracleCalls })
    }
}
