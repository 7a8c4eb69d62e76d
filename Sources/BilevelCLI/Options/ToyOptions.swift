import ArgumentParser
import Bilevel

/// The toy experiment's protocol flags, shared by `toy-convergence` and its `search`.
struct ToyProtocolOptions: ParsableArguments {
    @Option(
        name: .customLong("toy-df"),
        help: "df/dx variant: official (the reference's, reproduces the published table) or exact.")
    var toyDF = ToyDerivative.official.rawValue

    @Option(
        name: .customLong("max-iter"),
        help: "Step cap per gamma (a failed run counts len(gammas) * max-iter steps).")
    var maxIterations = 20_000

    @Option(name: .customLong("tol"), help: "Success when the projected-gradient norm is <= tol.")
    var tolerance = 1e-5

    @Option(name: .customLong("starts"), help: "Random start points per seed.")
    var startCount = 1000

    @Option(
        help: ArgumentHelp(
            "Comma-separated seeds of random.Random(seed); metrics are averaged over them (default: 42,123,456).",
            valueName: "list"))
    var seeds: String?

    @Option(help: "Run this one seed (instead of --seeds).")
    var seed: Int?

    /// The seeds to run: --seed, else --seeds, else `defaults`.
    func seedList(defaults: [Int]) throws -> [Int] {
        if seed != nil, seeds != nil {
            throw ValidationError("use either --seed or --seeds, not both")
        }
        if let seed { return [seed] }
        guard let seeds else { return defaults }
        return try parseList(seeds, flag: "--seeds") { Int($0) }
    }

    /// Protocol settings around `strategy`; throws ValidationError for a bad flag.
    func settings(strategy: ToyStrategy, defaultSeeds: [Int]) throws -> ToyConvergenceSettings {
        let derivative = try validationCheck { () throws(ToyStrategyError) in
            try ToyDerivative.named(toyDF)
        }
        return ToyConvergenceSettings(
            strategy: strategy, derivative: derivative, maxIterations: maxIterations,
            tolerance: tolerance, startCount: startCount,
            seeds: try seedList(defaults: defaultSeeds))
    }
}

/// The strategy flags of `toy-convergence`: a preset or a strategy file, overridden by flags.
struct ToyStrategyOptions: ParsableArguments {
    @Option(help: "Penalty method: v_pbgd or g_pbgd.")
    var method: String?

    @Option(
        help: ArgumentHelp(
            "Comma-separated penalty weights gamma (benchmark `gams`; only the first matters when runs converge).",
            valueName: "list"))
    var gammas: String?

    @Option(help: "Step-size numerator: alpha = alpha0 / gamma.")
    var alpha0: Double?

    @Option(
        help: ArgumentHelp(
            "Start from this strategy (JSON: {\"method\": ..., \"gams\": [...], \"alpha0\": ...}).",
            valueName: "file.json"))
    var strategy: String?

    @Option(
        help: ArgumentHelp(
            "Start from a named strategy: \(ToyPresets.all.map(\.name).joined(separator: ", ")).",
            valueName: "name"))
    var preset: String?

    func validate() throws {
        if preset != nil, strategy != nil {
            throw ValidationError("use either --preset or --strategy, not both")
        }
        _ = try resolve(base: preset.map(loadPreset) ?? .baseline)
    }

    /// The strategy: the preset (default `baseline`) or the file, then the flags on top; validated.
    ///
    /// Reads the strategy file, so call it from `run()`: file errors are thrown as
    /// ``ToyStrategyError`` (exit 1), flag errors as `ValidationError`.
    func strategyValue() throws -> ToyStrategy {
        if let strategy {
            let base = try ToyStrategy.load(path: strategy)
            return try resolve(base: base)
        }
        return try resolve(base: try preset.map(loadPreset) ?? .baseline)
    }

    private func loadPreset(_ name: String) throws -> ToyStrategy {
        try validationCheck { () throws(ToyStrategyError) in try ToyPresets.named(name).strategy }
    }

    private func resolve(base: ToyStrategy) throws -> ToyStrategy {
        var result = base
        if let method {
            result.method = try validationCheck { () throws(ToyStrategyError) in
                try ToyMethod.named(method)
            }
        }
        if let gammas { result.gams = try parseList(gammas, flag: "--gammas") { Double($0) } }
        if let alpha0 { result.alpha0 = alpha0 }
        return try validationCheck { () throws(ToyStrategyError) in try result.validated() }
    }
}

/// Runs `body`, turning a library error into a `ValidationError` with the same one-line text.
@discardableResult
func validationCheck<T, E: Error & CustomStringConvertible>(_ body: () throws(E) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw ValidationError(error.description)
    }
}

/// Parses a comma-separated list (`10,20`), each item with `parse`.
func parseList<T>(_ text: String, flag: String, _ parse: (String) -> T?) throws -> [T] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false)
        .map { String($0.filter { !$0.isWhitespace }) }
    guard !text.isEmpty else { throw ValidationError("\(flag) needs at least one value") }
    return try items.map { item in
        guard let value = parse(item) else {
            throw ValidationError("\(flag): '\(item)' is not a valid value in '\(text)'")
        }
        return value
    }
}
