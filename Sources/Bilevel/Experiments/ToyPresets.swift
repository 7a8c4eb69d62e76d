/// A named toy strategy shipped with the package (`--preset NAME`).
public struct ToyPreset: Sendable, Equatable {
    /// The CLI name.
    public var name: String
    /// One line for `--help` and the README: where the values come from.
    public var summary: String
    /// The strategy.
    public var strategy: ToyStrategy
}

/// The toy presets, as data: one table, no branches in the runner.
public enum ToyPresets {
    /// Every preset, in `--help` order.
    public static let all: [ToyPreset] = [
        ToyPreset(
            name: "baseline",
            summary:
                "benchmark default V-PBGD: gamma 10, alpha0 0.1 (260.712 mean steps, PBGD.md §6)",
            strategy: ToyStrategy(method: .vPBGD, gams: [10.0], alpha0: 0.1)),
        ToyPreset(
            name: "g_baseline",
            summary: "benchmark G-PBGD baseline: gamma 10, alpha0 0.1 (303.686 mean steps)",
            strategy: ToyStrategy(method: .gPBGD, gams: [10.0], alpha0: 0.1)),
        ToyPreset(
            name: "tuned",
            summary: "winner of the standard `toy-convergence search` grid: fewest mean steps at "
                + "success 1.0 (38.120 on seeds 42/123/456, 38.301 on held-out 0-9); small gamma, "
                + "so residual 0.60",
            strategy: ToyStrategy(method: .vPBGD, gams: [0.6484], alpha0: 0.05)),
        ToyPreset(
            name: "tuned_feasible",
            summary: "fewest mean steps of the standard grid with a mean residual no worse than "
                + "the baseline's (search --max-residual 0.0301): 104.462 steps, residual 0.028",
            strategy: ToyStrategy(method: .vPBGD, gams: [13.4543], alpha0: 0.35)),
    ]

    /// The preset called `name`.
    ///
    /// - Throws: ``ToyStrategyError/unknownPreset(_:)`` listing the names.
    public static func named(_ name: String) throws(ToyStrategyError) -> ToyPreset {
        guard let preset = all.first(where: { $0.name == name }) else { throw .unknownPreset(name) }
        return preset
    }
}
