import Foundation

/// Named hyper-cleaning strategies shipped with the package, as data.
///
/// `baseline` is the benchmark's baseline strategy for the chosen method and network, which is
/// also the official scripts' argparse defaults (PBGD.md §3.6).
public enum HyperCleaningPresets {
    /// The baseline strategy of `method` on `network`.
    public static func baseline(method: String, network: NetworkKind) throws(HyperCleaningStrategyError)
        -> HyperCleaningStrategy
    {
        var s = HyperCleaningStrategy(method: method)
        switch (method, network) {
        case ("v_pbgd", .linear):
            (s.lrx, s.lry, s.lrInner, s.gammaInit, s.gammaMax, s.gammaArgmaxStep, s.outerItr) =
                (0.1, 0.1, 0.01, 0, 0.2, 30_000, 40_000)
        case ("v_pbgd", .mlp):
            (s.lrx, s.lry, s.lrInner, s.gammaInit, s.gammaMax, s.gammaArgmaxStep, s.outerItr) =
                (0.1, 0.01, 0.01, 0, 0.1, 10_000, 80_000)
        case ("g_pbgd", .linear):
            (s.lrx, s.lry, s.gammaInit, s.gammaMax, s.gammaArgmaxStep, s.outerItr) = (0.3, 0.5, 0, 37, 5_000, 40_000)
        case ("g_pbgd", .mlp):
            (s.lrx, s.lry, s.gammaInit, s.gammaMax, s.gammaArgmaxStep, s.outerItr) = (0.5, 0.5, 0, 37, 30_000, 50_000)
        case ("rhg", _), ("t_rhg", _):
            s.lr = 0.001
            s.lrInner = network == .linear ? 0.1 : 0.4
            s.outerItr = 100
            s.T = 500
            s.K = method == "rhg" ? 500 : 100
            s.evalInterval = 1
        default:
            throw .unknownMethod(method)
        }
        return s
    }

    /// Preset names `preset(named:)` accepts.
    public static let names = ["baseline", "tuned", "fast"]

    /// The shipped strategy files (`Sources/Bilevel/Presets/hyperclean-NET-NAME.json`, compiled
    /// into the binary), the winners of the project's own searches (README, "Tuned strategies").
    static let shipped: [String: [UInt8]] = [
        "tuned-linear": PackageResources.hyperclean_linear_tuned_json,
        "tuned-mlp": PackageResources.hyperclean_mlp_tuned_json,
        "fast-linear": PackageResources.hyperclean_linear_fast_json,
        "fast-mlp": PackageResources.hyperclean_mlp_fast_json,
    ]

    /// The preset called `name` on `network`.
    ///
    /// - Parameter method: the method the user asked for, if any. `baseline` is the baseline of
    ///   that method (default `v_pbgd`); `tuned` and `fast` carry their own method, and a
    ///   different `method` is refused rather than silently ignored.
    public static func preset(named name: String, method: String?, network: NetworkKind)
        throws(HyperCleaningStrategyError) -> HyperCleaningStrategy
    {
        guard names.contains(name) else { throw .unknownPreset(name, known: names) }
        if name == "baseline" { return try baseline(method: method ?? "v_pbgd", network: network) }
        let key = "\(name)-\(network.rawValue)"
        guard let bytes = shipped[key] else {
            throw .presetUnavailable(name: name, network: network.rawValue)
        }
        let strategy: HyperCleaningStrategy
        do {
            strategy = try JSONDecoder().decode(HyperCleaningStrategy.self, from: Data(bytes))
        } catch {
            throw .unreadableFile(path: "hyperclean-\(network.rawValue)-\(name).json (built in)", reason: "\(error)")
        }
        if let method, method != strategy.method {
            throw .invalid(
                field: "method", value: method,
                requirement: "\(strategy.method), the method of preset '\(name)' (drop --method, or use --strategy)")
        }
        return strategy
    }
}
