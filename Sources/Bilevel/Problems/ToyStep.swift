/// One projected-gradient step of PBGD on the toy, with everything the benchmark records.
///
/// See ``Toy/pbgdStep(x:y:method:derivative:gamma:alpha:)``.
public struct ToyStep<V: ToyLane>: Sendable {
    /// Gx = df/dx + gamma dP/dx at the point before the step.
    public var gradX: V
    /// Gy = df/dy + gamma dP/dy at the point before the step.
    public var gradY: V
    /// x' = proj_[0,3](x - alpha Gx).
    public var xNext: V
    /// y' = y - alpha Gy.
    public var yNext: V
    /// hypot((x - x') / alpha, (y - y') / alpha): the projected-gradient norm, the stopping test.
    public var projectedGradient: V
}

extension Toy {
    /// One step of the benchmark's `run_toy` (PBGD.md §1.3).
    ///
    ///     (Gx, Gy) = ∇f(x, y) + gamma ∇P(x, y)       P = g (V-PBGD) or 0.5 (dg/dy)^2 (G-PBGD)
    ///     x' = min(max(x - alpha Gx, 0), 3);   y' = y - alpha Gy
    ///     pg = hypot((x - x') / alpha, (y - y') / alpha)
    ///
    /// Allocates nothing; lane-wise for `SIMD8<Double>`.
    ///
    /// - Parameters:
    ///   - x: upper variable before the step.
    ///   - y: lower variable before the step.
    ///   - method: which penalty.
    ///   - derivative: which df/dx.
    ///   - gamma: penalty weight (per lane).
    ///   - alpha: step size, alpha0 / gamma in the benchmark (per lane).
    public static func pbgdStep<V: ToyLane>(
        x: V, y: V, method: ToyMethod, derivative: ToyDerivative, gamma: V, alpha: V
    ) -> ToyStep<V> {
        let upper = upperGradient(x: x, y: y, derivative: derivative)
        let penalty = penaltyGradient(x: x, y: y, method: method)
        let gradX = upper.x + gamma * penalty.x
        let gradY = upper.y + gamma * penalty.y
        let xNext = project(x - alpha * gradX)
        let yNext = y - alpha * gradY
        let projectedGradient = V.hypot((x - xNext) / alpha, (y - yNext) / alpha)
        return ToyStep(
            gradX: gradX, gradY: gradY, xNext: xNext, yNext: yNext,
            projectedGradient: projectedGradient)
    }
}
