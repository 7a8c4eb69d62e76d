/// The toy bilevel problem of the PBGD paper's numerical verification (PBGD.md §1).
///
///     lower level  g(x, y) = (x + y)^2 + x sin(x + y)^2
///     upper level  f(x, y) = cos(4y + 2) / (1 + exp(2 - 4x)) + 0.5 ln((4x - 2)^2 + 1)
///     x in C = [0, 3] (projection), y free.
///
/// For x >= 0, g >= 0 with g = 0 exactly on y = -x, so the value function is v(x) = 0 and
/// |x + y| measures lower-level infeasibility. For x > 1, g(x, ·) has spurious stationary points,
/// which a gradient-norm penalty (G-PBGD) cannot tell from the minimum.
///
/// Every oracle is generic over ``ToyLane``: `Double` for one point, `SIMD8<Double>` for eight.
/// Expressions are evaluated in the order the reference Python writes them, and every `**2` of
/// the reference is ``ToyLane/pythonSquare(_:)`` (C `pow(v, 2)`), so results are bit-identical to
/// the reference's.
public enum Toy {
    /// Lower end of the feasible set C of x.
    public static let lowerBound = 0.0
    /// Upper end of the feasible set C of x.
    public static let upperBound = 3.0

    /// The upper-level objective f(x, y) = cos(4y + 2) / (1 + exp(2 - 4x)) + 0.5 ln((4x - 2)^2 + 1).
    public static func upperObjective<V: ToyLane>(x: V, y: V) -> V {
        let oscillation = V.cos(4.0 * y + 2.0) / (1.0 + V.exp(2.0 - 4.0 * x))
        return oscillation + 0.5 * V.log(V.pythonSquare(4.0 * x - 2.0) + 1.0)
    }

    /// The lower-level objective g(x, y) = (x + y)^2 + x sin(x + y)^2.
    public static func lowerObjective<V: ToyLane>(x: V, y: V) -> V {
        V.pythonSquare(x + y) + x * V.pythonSquare(V.sin(x + y))
    }

    /// The gradient of f, with df/dx in the chosen variant.
    ///
    /// With E = exp(2 - 4x):
    ///
    ///     df/dx = 4 E cos(4y + 2) / D + (16x - 8) / ((4x - 2)^2 + 1)
    ///     df/dy = -4 sin(4y + 2) / (1 + E)
    ///
    /// where D = (1 + E)^2 for ``ToyDerivative/exact`` and D = 1 + E^2 for
    /// ``ToyDerivative/official`` (the reference code's bug, PBGD.md §4 Q4). df/dy is the same in
    /// both.
    ///
    /// - Parameters:
    ///   - x: upper variable.
    ///   - y: lower variable.
    ///   - derivative: which df/dx denominator to use.
    /// - Returns: (df/dx, df/dy).
    public static func upperGradient<V: ToyLane>(
        x: V, y: V, derivative: ToyDerivative
    ) -> (x: V, y: V) {
        let e = V.exp(2.0 - 4.0 * x)
        let denominator: V
        switch derivative {
        case .exact: denominator = V.pythonSquare(1.0 + e)
        case .official: denominator = 1.0 + V.pythonSquare(e)
        }
        let gradX =
            4.0 * e * V.cos(4.0 * y + 2.0) / denominator
            + (16.0 * x - 8.0) / (V.pythonSquare(4.0 * x - 2.0) + 1.0)
        let gradY = -4.0 * V.sin(4.0 * y + 2.0) / (1.0 + e)
        return (gradX, gradY)
    }

    /// The gradient of g: with s = sin(x + y), c = cos(x + y),
    ///
    ///     dg/dx = 2 (x + y + 0.5 s^2 + x s c)
    ///     dg/dy = 2 (x + y + x s c)
    ///
    /// V-PBGD's penalty: since v(x) = 0 on the toy, gamma (g - v) has gradient gamma ∇g.
    public static func lowerGradient<V: ToyLane>(x: V, y: V) -> (x: V, y: V) {
        let s = V.sin(x + y)
        let c = V.cos(x + y)
        let gradX = 2.0 * (x + y + 0.5 * V.pythonSquare(s) + x * s * c)
        let gradY = 2.0 * (x + y + x * s * c)
        return (gradX, gradY)
    }

    /// G-PBGD's penalty p(x, y) = 0.5 (dg/dy)^2, the squared norm of the lower-level gradient.
    public static func gradientPenalty<V: ToyLane>(x: V, y: V) -> V {
        0.5 * V.pythonSquare(lowerGradient(x: x, y: y).y)
    }

    /// The gradient of G-PBGD's penalty p = 0.5 (dg/dy)^2: with gy = dg/dy,
    ///
    ///     dp/dx = gy * 2 (1 + s c + x (c^2 - s^2))
    ///     dp/dy = gy * 2 (1 + x (c^2 - s^2))
    public static func gradientPenaltyGradient<V: ToyLane>(x: V, y: V) -> (x: V, y: V) {
        let s = V.sin(x + y)
        let c = V.cos(x + y)
        let gy = 2.0 * (x + y + x * s * c)
        let curvature = V.pythonSquare(c) - V.pythonSquare(s)
        let gradX = gy * 2.0 * (1.0 + s * c + x * curvature)
        let gradY = gy * 2.0 * (1.0 + x * curvature)
        return (gradX, gradY)
    }

    /// The gradient of the method's penalty P: ∇g for V-PBGD, ∇(0.5 (dg/dy)^2) for G-PBGD.
    public static func penaltyGradient<V: ToyLane>(x: V, y: V, method: ToyMethod) -> (x: V, y: V) {
        switch method {
        case .vPBGD: return lowerGradient(x: x, y: y)
        case .gPBGD: return gradientPenaltyGradient(x: x, y: y)
        }
    }

    /// Projects x onto C = [0, 3] with Python's `min(max(x, 0.0), 3.0)` semantics.
    public static func project<V: ToyLane>(_ x: V) -> V {
        V.clamped(x, lower: lowerBound, upper: upperBound)
    }
}
