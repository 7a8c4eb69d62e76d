import Bilevel
import Foundation
import Plot

/// A whole report: the sections for every kind of result found in the inputs (stochastic
/// solvers, hyper-cleaning, toy), as one HTML page or as separate SVG and CSV files.
struct ReportDocument {
    /// The page title.
    var title: String
    /// The input files, for the page's header.
    var files: [String]
    /// The sections in order: stochastic solvers, hyper-cleaning, toy.
    var sections: [ReportSection]

    /// Builds the sections from the rows of `files`.
    ///
    /// - Throws: ``AnalysisError`` when an evaluation lacks a column or no row is drawable.
    static func build(rows: [ResultRow], files: [String], options: StochasticSummary.Options, title: String) throws -> ReportDocument {
        var sections: [ReportSection] = []
        let runs = try StochasticRun.group(rows)
        if !runs.isEmpty { sections += StochasticReport.sections(StochasticSummary(runs: runs, options: options)) }
        var hyperCleanRuns: [HyperCleanRun] = []
        var hyperCleanFinals: [ResultRow] = []
        var toySets: [ToyRunSet] = []
        for file in files.uniqued() {
            let fileRows = rows.filter { $0.file == file }
            let parsed = HyperCleanRun.parse(fileRows)
            hyperCleanRuns += parsed.runs
            hyperCleanFinals += parsed.finals
            toySets += ToyRunSet.parse(fileRows)
        }
        if !hyperCleanRuns.isEmpty || !hyperCleanFinals.isEmpty {
            sections.append(
                HyperCleanReport.section(runs: HyperCleanRun.disambiguated(hyperCleanRuns), finals: hyperCleanFinals))
        }
        if !toySets.isEmpty { sections.append(ToyReport.section(toySets)) }
        guard !sections.isEmpty else {
            throw AnalysisError.nothingToAnalyse(
                "nothing to draw in \(files.joined(separator: ", ")): no records of bilevel solve, hyperclean or toy-convergence --output")
        }
        return ReportDocument(title: title, files: files, sections: sections)
    }

    /// Every figure, in page order.
    var figures: [ReportFigure] { sections.flatMap(\.figures) }

    /// The self-contained HTML page.
    var html: String {
        let header: [HTMLPage.Block] = [
            .heading(level: 1, text: title),
            .paragraph(
                "Made by bilevel \(BilevelKit.version) from \(files.count) result file(s): \(files.joined(separator: ", ")). "
                    + "\(figures.count) figures; every figure's data is also available with --csv DIR."),
        ]
        return HTMLPage(title: title, blocks: header + sections.flatMap(\.blocks)).rendered()
    }

    /// Writes the page to `htmlPath`, and each figure as `<id>.svg` into `svgDirectory` and its
    /// data as `<id>.csv` into `csvDirectory` (created if missing). Every file is written to a
    /// temporary name and renamed, so a failure leaves no half file.
    func write(htmlPath: String?, svgDirectory: String?, csvDirectory: String?) throws {
        var outputs: [(path: String, text: String)] = []
        if let htmlPath { outputs.append((htmlPath, html)) }
        if let svgDirectory {
            outputs += figures.map { ("\(svgDirectory)/\($0.id).svg", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + $0.chart.svg(id: $0.id) + "\n") }
        }
        if let csvDirectory {
            outputs += figures.map { ("\(csvDirectory)/\($0.id).csv", $0.chart.dataCSV().joined(separator: "\n") + "\n") }
        }
        for directory in [svgDirectory, csvDirectory].compactMap({ $0 }) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw AnalysisError.badOption("cannot create directory '\(directory)': \(error.localizedDescription)")
            }
        }
        for output in outputs {
            let file = try ResultFile(path: output.path)
            var text = output.text
            if text.hasSuffix("\n") { text.removeLast() }  // ResultFile ends every line with one
            try file.append(line: text)
            try file.commit()
        }
    }
}
