import ArgumentParser
import Bilevel

/// The inputs and analysis flags shared by `bilevel summarize` and `bilevel report`.
struct SummaryOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Result files written by --output (JSON Lines).", valueName: "results.jsonl"))
    var files: [String] = []

    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "Another test accuracy to time (repeatable; MNIST's 0.8 and Fashion-MNIST's 0.72 are always timed).",
            valueName: "accuracy"))
    var targets: [Double] = []

    @Option(
        name: .customLong("gap-target"),
        help: ArgumentHelp(
            "Value-function problems (regularization selection): an h(x) - h* to time instead of the defaults 1e-2, 1e-3, 1e-4 (repeatable).",
            valueName: "gap"))
    var gapTargets: [Double] = []

    @Option(
        help: ArgumentHelp(
            "Selection window per solver: the lowest median validation error among stop_val <= N, or 'all' (benchopt's --criterion).",
            valueName: "N|all"))
    var criterion = "100"

    @Option(name: .customLong("grid-points"), help: "Points of the log-time grid (benchopt: 500).")
    var gridPoints = 500

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one result file (from --output)") }
        for target in targets where !(target > 0 && target <= 1) {
            throw ValidationError("--target must be a test accuracy in (0, 1], got \(target)")
        }
        for gap in gapTargets where !(gap > 0 && gap.isFinite) {
            throw ValidationError("--gap-target must be a positive h(x) - h*, got \(gap)")
        }
        _ = try selectionCriterion()
        guard gridPoints >= 2 else { throw ValidationError("--grid-points must be at least 2, got \(gridPoints)") }
    }

    /// `stop_val ≤ N`, or nil for `all`.
    func selectionCriterion() throws -> Int? {
        if criterion == "all" { return nil }
        guard let value = Int(criterion), value >= 0 else {
            throw ValidationError("--criterion must be a non-negative integer or 'all', got '\(criterion)'")
        }
        return value
    }

    /// The summary options of the flags.
    func summaryOptions() throws -> StochasticSummary.Options {
        StochasticSummary.Options(
            criterion: try selectionCriterion(), extraTargets: targets, gridPoints: gridPoints,
            gapTargets: gapTargets.isEmpty ? StochasticSummary.defaultGapTargets : gapTargets)
    }

    /// Reads every file (warnings about torn last lines go to stderr).
    func readRows() throws -> [ResultRow] {
        let contents = try ResultReader.read(files)
        for warning in contents.warnings { printToStandardError(warning) }
        return contents.rows
    }
}
