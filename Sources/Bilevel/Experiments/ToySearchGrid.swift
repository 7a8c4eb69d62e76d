#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The grid of ``ToySearch``: every combination of method, gamma and alpha0.
public struct ToySearchGrid: Sendable, Equatable {
    /// Methods to try.
    public var methods: [ToyMethod]
    /// Penalty weights to try (each strategy uses one: `gams = [gamma]`).
    public var gammas: [Double]
    /// Step-size numerators to try (alpha = alpha0 / gamma).
    public var alpha0s: [Double]

    /// A grid.
    public init(methods: [ToyMethod], gammas: [Double], alpha0s: [Double]) {
        self.methods = methods
        self.gammas = gammas
        self.alpha0s = alpha0s
    }

    /// The documented default grid of `bilevel toy-convergence search`: 2 x 49 x 50 = 4900
    /// strategies.
    ///
    /// - methods: `v_pbgd`, `g_pbgd`;
    /// - gammas: 0.25 * 2^(k/8) for k = 0...48 (0.25 to 16, eight per octave), rounded to four
    ///   decimals (0.25, 0.2726, 0.2973, ..., 10.3747, ..., 16);
    /// - alpha0: 0.01, 0.02, ..., 0.50.
    ///
    /// Why these ranges: along the stiff direction u = x + y the penalty's curvature is about
    /// gamma (2 + 2x) near u = 0, so with alpha = alpha0 / gamma the step there is stable only for
    /// alpha0 < 1 / (1 + x): 1 at x = 0 and 0.25 at x = 3. alpha0 up to 0.5 covers the values where
    /// the iterations that matter can still converge. gamma spans from a penalty that is hardly
    /// enforced (0.25: residuals ~ 1) to above the published 10.
    public static let standard = ToySearchGrid(
        methods: ToyMethod.allCases,
        gammas: (0...48).map { k in (0.25 * pow(2.0, Double(k) / 8) * 10_000).rounded() / 10_000 },
        alpha0s: (1...50).map { Double($0) / 100 })

    /// The strategies, method-major, then gamma, then alpha0.
    public var strategies: [ToyStrategy] {
        methods.flatMap { method in
            gammas.flatMap { gamma in
                alpha0s.map { ToyStrategy(method: method, gams: [gamma], alpha0: $0) }
            }
        }
    }

    /// Number of strategies.
    public var count: Int { methods.count * gammas.count * alpha0s.count }
}
