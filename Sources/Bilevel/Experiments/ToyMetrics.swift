/// The benchmark's toy metrics over a set of runs (PBGD.md §1.5), plus a few extras.
///
/// Means are Python's `sum(values) / n`, summed in run order, so they match the reference to the
/// last bit when the per-run values do.
public struct ToyMetrics: Sendable, Equatable {
    /// Number of runs.
    public var runCount: Int
    /// Mean of the step counts (failed runs count the cap) — the primary score, lower is better.
    public var convergenceSteps: Double
    /// `sorted(steps)[n / 2]`, the upper median.
    public var medianSteps: Double
    /// Mean of the last residual |x + y|.
    public var finalResidual: Double
    /// Mean of the last projected-gradient norm.
    public var finalProjectedGrad: Double
    /// Fraction of runs that reached the tolerance (no residual condition: the benchmark's
    /// `residual_tol` is never used).
    public var successRate: Double
    /// Nearest-rank 90th percentile of the step counts: `sorted(steps)[ceil(90 n / 100) - 1]`.
    public var stepsP90: Int
    /// Largest step count.
    public var stepsMax: Int
    /// Runs that did not converge within the cap.
    public var runsAtCap: Int
    /// Runs whose last x is exactly 3 (on the bound; a large residual means a spurious
    /// lower-level stationary point).
    public var runsEndingAtUpperBound: Int

    /// The metrics of `outcomes`.
    ///
    /// - Parameters:
    ///   - outcomes: at least one run.
    ///   - stepCap: kept for the record; a run is "at the cap" when it did not succeed.
    public init(outcomes: [ToyRunOutcome], stepCap: Int) {
        precondition(!outcomes.isEmpty, "ToyMetrics: no runs")
        let n = outcomes.count
        let sortedSteps = outcomes.map(\.steps).sorted()
        runCount = n
        convergenceSteps = Double(outcomes.reduce(0) { $0 + $1.steps }) / Double(n)
        medianSteps = Double(sortedSteps[n / 2])
        finalResidual = Self.mean(outcomes.map(\.residual))
        finalProjectedGrad = Self.mean(outcomes.map(\.projectedGradient))
        successRate = Double(outcomes.count(where: \.succeeded)) / Double(n)
        stepsP90 = sortedSteps[Self.nearestRankIndex(percent: 90, count: n)]
        stepsMax = sortedSteps[n - 1]
        runsAtCap = outcomes.count { !$0.succeeded }
        runsEndingAtUpperBound = outcomes.count(where: \.endsAtUpperBound)
    }

    /// Python's `sum(values) / len(values)`: left-to-right sum from 0.
    static func mean(_ values: [Double]) -> Double {
        var total = 0.0
        for value in values { total += value }
        return total / Double(values.count)
    }

    /// Index of the nearest-rank percentile: `ceil(percent * count / 100) - 1`, at least 0
    /// (integer arithmetic, so no rounding question at exact ranks).
    static func nearestRankIndex(percent: Int, count: Int) -> Int {
        max(0, (percent * count + 99) / 100 - 1)
    }
}
