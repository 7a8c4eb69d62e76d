/// The runs of one seed and the benchmark's metrics over them.
public struct ToySeedResult: Sendable {
    /// The seed of `random.Random(seed)` that drew the starts.
    public var seed: Int
    /// One outcome per start, in run order.
    public var outcomes: [ToyRunOutcome]
    /// Wall time of drawing the starts and running them all.
    public var runtimeSeconds: Double
    /// The metrics of ``outcomes``.
    public var metrics: ToyMetrics

    /// A seed's result; computes ``metrics``.
    ///
    /// - Parameter stepCap: the step count of a failed run (`gams.count * maxIterations`).
    public init(seed: Int, outcomes: [ToyRunOutcome], runtimeSeconds: Double, stepCap: Int) {
        self.seed = seed
        self.outcomes = outcomes
        self.runtimeSeconds = runtimeSeconds
        metrics = ToyMetrics(outcomes: outcomes, stepCap: stepCap)
    }
}
