/// How one start of the toy experiment ended: the values the benchmark prints per start.
public struct ToyRunOutcome: Sendable, Equatable {
    /// Gradient steps taken, the last included; `gams.count * maxIterations` for a failed run.
    public var steps: Int
    /// Whether the projected-gradient norm reached the tolerance within the cap.
    public var succeeded: Bool
    /// f at the point before the last step (the benchmark's `objective`).
    public var objective: Double
    /// |x + y| after the last step: lower-level infeasibility.
    public var residual: Double
    /// The projected-gradient norm of the last step.
    public var projectedGradient: Double
    /// x after the last step.
    public var x: Double
    /// y after the last step.
    public var y: Double

    /// An outcome (the runner builds these; tests build hand-made ones).
    public init(
        steps: Int, succeeded: Bool, objective: Double, residual: Double,
        projectedGradient: Double, x: Double, y: Double
    ) {
        self.steps = steps
        self.succeeded = succeeded
        self.objective = objective
        self.residual = residual
        self.projectedGradient = projectedGradient
        self.x = x
        self.y = y
    }

    /// Whether the run ended on the upper bound x = 3 (G-PBGD's spurious stationary points).
    public var endsAtUpperBound: Bool { x == Toy.upperBound }
}
