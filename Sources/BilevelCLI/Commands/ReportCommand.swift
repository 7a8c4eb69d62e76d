import ArgumentParser
import Bilevel

/// `bilevel report`: one self-contained HTML page (inline SVG) of result files.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Draw result files (solve, hyperclean, toy-convergence --output) as one self-contained HTML report.",
        discussion: """
            Stochastic solvers (bilevel solve): test error and validation error against time and \
            iterations, median over seeds with the 20-80 % band on benchopt's log grid, one \
            configuration per solver selected as benchopt does (see `bilevel summarize --help`), and \
            the time-to-target table. Hyper-cleaning (bilevel hyperclean): test accuracy, F1 and the \
            auxiliary value against iteration and time, one curve per (method, net, seed), and the \
            FINAL records beside the published table. Toy (bilevel toy-convergence): the \
            hyper-objective over [0, 3] with the final iterates, and the histogram of steps. The page \
            has no scripts and loads nothing: it opens offline. --svg DIR writes each figure as its \
            own SVG, --csv DIR the data behind each figure.
            """)

    @OptionGroup var inputs: SummaryOptions

    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "report.html"))
    var out = "report.html"

    @Option(help: ArgumentHelp("Also write every figure as DIR/<figure>.svg.", valueName: "dir"))
    var svg: String?

    @Option(help: ArgumentHelp("Also write the data of every figure as DIR/<figure>.csv.", valueName: "dir"))
    var csv: String?

    @Option(help: "The page title.")
    var title = "BilevelKit results"

    func validate() throws {
        for (flag, value) in [("--out", out), ("--svg", svg ?? "x"), ("--csv", csv ?? "x")] where value.isEmpty {
            throw ValidationError("\(flag) needs a path")
        }
    }

    func run() throws {
        let document = try ReportDocument.build(
            rows: try inputs.readRows(), files: inputs.files, options: try inputs.summaryOptions(), title: title)
        try document.write(htmlPath: out, svgDirectory: svg, csvDirectory: csv)
        printToStandardError("wrote \(out) (\(document.figures.count) figures)" + (svg.map { ", SVG in \($0)" } ?? "") + (csv.map { ", CSV in \($0)" } ?? ""))
    }
}
