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
    public static let names = ["baseline"]

    /// The preset called `name` for `method` on `network`.
    public static func preset(named name: String, method: String, network: NetworkKind) throws(HyperCleaningStrategyError)
        -> HyperCleaningStrategy
    {
        guard name == "baseline" else { throw .unknownPreset(name, known: names) }
        return try baseline(method: method, network: network)
    }
}
