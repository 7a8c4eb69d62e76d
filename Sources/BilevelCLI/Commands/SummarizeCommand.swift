import ArgumentParser
import Bilevel

/// `bilevel summarize`: benchopt-style summary of `bilevel solve` result files.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Median curves, configuration selection and times to target of `bilevel solve` results.",
        discussion: """
            Groups the evaluations of the files by data set and solver configuration (solver_name \
            without random_state); per configuration: the median over seeds (idx_rep) and the 20-80 % \
            band of test error, validation error and test accuracy on a log-time grid (and test error \
            and validation error on a log-iteration grid), the final test accuracy, and for each target \
            (0.8 for MNIST, 0.72 for Fashion-MNIST, and any --target) the first time the median curve \
            reaches it and the median of the seeds' first-hit times. Per solver, the configuration \
            with the lowest median validation error among stop_val <= 100 is selected (benchopt, \
            METHODS.md 5.4); only configurations with the solver's full number of seeds count. \
            Problems judged by a value function (regularization selection: records with \
            objective_value_func and no test accuracy) are selected on value_func and summarised \
            by h(x) - h*, h* = the lowest median value_func of any run - 1e-10 (benchopt's IJCNN1 \
            plots): its curves, its final value and the times to --gap-target values. \
            Prints a Markdown table, or with --json one JSON document with every curve.
            """)

    @OptionGroup var inputs: SummaryOptions

    @Flag(help: "Print one JSON document (every curve included) instead of the table.")
    var json = false

    func run() throws {
        for line in try outputLines() { print(line) }
    }

    /// The lines `run()` prints: the Markdown table, or one JSON document.
    func outputLines() throws -> [String] {
        let runs = try StochasticRun.group(try inputs.readRows())
        guard !runs.isEmpty else {
            throw AnalysisError.nothingToAnalyse(
                "no `bilevel solve` evaluations in \(inputs.files.joined(separator: ", ")) (records with a solver_name)")
        }
        let summary = StochasticSummary(runs: runs, options: try inputs.summaryOptions())
        return json ? [try summary.json()] : summary.table()
    }
}
