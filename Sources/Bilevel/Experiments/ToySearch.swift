/// A grid search over the toy strategy knobs (method, gamma, alpha0) for the fewest mean steps.
///
/// Every grid point is run on the search seeds with the settings' protocol. A strategy
/// *qualifies* only with success rate 1.0 on every seed (the published rows all have 1.0) and,
/// when a residual limit is given, a mean final residual |x + y| within it; qualifying strategies
/// are ranked by mean steps over seeds. The benchmark scores steps alone, and a small gamma buys
/// few steps with a large residual (the lower level is then hardly enforced), hence the option. Two shortcuts keep the search cheap
/// and change no qualifying row: a seed stops at the first run that is certain never to converge
/// (a non-finite point, or an exactly repeated point: the step map is deterministic), and the
/// remaining seeds are skipped once one seed has a failed run.
public enum ToySearch {
    /// One evaluated grid point.
    public struct Row: Sendable {
        /// The strategy (one gamma: only `gams[0]` matters when every run converges).
        public var strategy: ToyStrategy
        /// Metrics of each seed that was run, in seed order (fewer than the search seeds when
        /// the strategy was dropped early).
        public var perSeed: [(seed: Int, metrics: ToyMetrics)]
        /// Whether a seed was stopped early because a run was certain never to converge
        /// (non-finite point or exact cycle; see ``ToyConvergence/runUnlessCertainFailure(starts:settings:)``).
        public var stoppedEarly: Bool
        /// Whether every seed ran, every run converged and the residual limit (if any) holds.
        public var qualifies: Bool
        /// Mean over the seeds run of the mean step count (`.infinity` if none ran to the end).
        public var meanSteps: Double {
            perSeed.isEmpty ? .infinity : ToyMetrics.mean(perSeed.map(\.metrics.convergenceSteps))
        }
        /// Mean over the seeds run of the mean final residual.
        public var meanResidual: Double {
            perSeed.isEmpty ? .nan : ToyMetrics.mean(perSeed.map(\.metrics.finalResidual))
        }
    }

    /// Evaluates every strategy of `grid` on `settings.seeds`.
    ///
    /// - Parameters:
    ///   - grid: the strategies to try.
    ///   - settings: protocol and seeds (its strategy is ignored); must be valid.
    ///   - maxResidual: when given, a strategy also needs a mean final residual `<=` this.
    ///   - progress: called after each grid point with (done, total).
    /// - Returns: all rows, qualifying ones first by mean steps (ties: smaller alpha0, then
    ///   method, then gamma), then the others.
    public static func run(
        grid: ToySearchGrid, settings: ToyConvergenceSettings, maxResidual: Double? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) -> [Row] {
        let strategies = grid.strategies
        let starts = settings.seeds.map {
            ToyConvergence.startPoints(seed: $0, count: settings.startCount)
        }
        var rows: [Row] = []
        for (done, strategy) in strategies.enumerated() {
            var seedSettings = settings
            seedSettings.strategy = strategy
            var row = evaluate(seedSettings, starts: starts)
            if let maxResidual, !(row.meanResidual <= maxResidual) { row.qualifies = false }
            rows.append(row)
            progress(done + 1, strategies.count)
        }
        return ranked(rows)
    }

    /// Runs one strategy seed by seed, stopping at the first seed with a failed run.
    static func evaluate(_ settings: ToyConvergenceSettings, starts: [[(x: Double, y: Double)]])
        -> Row
    {
        var row = Row(
            strategy: settings.strategy, perSeed: [], stoppedEarly: false, qualifies: false)
        for (seed, points) in zip(settings.seeds, starts) {
            guard
                let outcomes = ToyConvergence.runUnlessCertainFailure(
                    starts: points, settings: settings)
            else {
                row.stoppedEarly = true
                return row
            }
            let metrics = ToyMetrics(outcomes: outcomes, stepCap: settings.stepCap)
            row.perSeed.append((seed, metrics))
            if metrics.successRate < 1 { return row }
        }
        row.qualifies = true
        return row
    }

    /// Qualifying rows by mean steps, then the rest by the same order.
    static func ranked(_ rows: [Row]) -> [Row] {
        rows.sorted { a, b in
            if a.qualifies != b.qualifies { return a.qualifies }
            if a.meanSteps != b.meanSteps { return a.meanSteps < b.meanSteps }
            if a.strategy.alpha0 != b.strategy.alpha0 {
                return a.strategy.alpha0 < b.strategy.alpha0
            }
            if a.strategy.method != b.strategy.method { return a.strategy.method == .vPBGD }
            return a.strategy.gams.lexicographicallyPrecedes(b.strategy.gams)
        }
    }
}
