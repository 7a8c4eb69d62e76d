/// The result of a toy-convergence experiment: every seed's runs and their summary.
///
/// The published table reports, for each metric, the mean over seeds 42, 123 and 456 of the
/// per-seed value (PBGD.md §1.6); ``mean`` is that. ``pooled`` treats all runs of all seeds as one
/// set, for the percentile and count extras.
public struct ToyConvergenceResult: Sendable {
    /// Means over seeds of the per-seed metrics.
    public struct Mean: Sendable, Equatable {
        /// Mean over seeds of the mean step count (the published "toy steps").
        public var convergenceSteps: Double
        /// Mean over seeds of the upper median step count.
        public var medianSteps: Double
        /// Mean over seeds of the mean final residual.
        public var finalResidual: Double
        /// Mean over seeds of the mean final projected gradient.
        public var finalProjectedGrad: Double
        /// Mean over seeds of the success rate.
        public var successRate: Double
        /// Mean over seeds of the wall time of one seed.
        public var runtimeSeconds: Double
    }

    /// What was run.
    public var settings: ToyConvergenceSettings
    /// One result per seed, in the order of ``ToyConvergenceSettings/seeds``.
    public var seeds: [ToySeedResult]
    /// Means over seeds.
    public let mean: Mean
    /// Metrics of all runs of all seeds together.
    public let pooled: ToyMetrics

    /// Summarises per-seed results (at least one).
    public init(settings: ToyConvergenceSettings, seeds: [ToySeedResult]) {
        precondition(!seeds.isEmpty, "ToyConvergenceResult: no seeds")
        self.settings = settings
        self.seeds = seeds
        func average(_ value: (ToySeedResult) -> Double) -> Double {
            ToyMetrics.mean(seeds.map(value))
        }
        mean = Mean(
            convergenceSteps: average(\.metrics.convergenceSteps),
            medianSteps: average(\.metrics.medianSteps),
            finalResidual: average(\.metrics.finalResidual),
            finalProjectedGrad: average(\.metrics.finalProjectedGrad),
            successRate: average(\.metrics.successRate),
            runtimeSeconds: average(\.runtimeSeconds))
        pooled = ToyMetrics(outcomes: seeds.flatMap(\.outcomes), stepCap: settings.stepCap)
    }

    /// Wall time of all seeds.
    public var totalRuntimeSeconds: Double { seeds.reduce(0) { $0 + $1.runtimeSeconds } }

    /// The lowest per-seed success rate (1.0 means every run of every seed converged).
    public var minimumSuccessRate: Double { seeds.map(\.metrics.successRate).min() ?? 0 }

    /// `converged` (every run), `diverged` (some run ended on a non-finite value) or `max_iter`.
    public var status: String {
        let outcomes = seeds.lazy.flatMap(\.outcomes)
        if outcomes.contains(where: { !($0.x.isFinite && $0.y.isFinite) }) { return "diverged" }
        return outcomes.allSatisfy(\.succeeded) ? "converged" : "max_iter"
    }
}
