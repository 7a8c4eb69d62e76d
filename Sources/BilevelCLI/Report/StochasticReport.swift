import Bilevel
import Plot

/// The report's sections for `bilevel solve` results: per data set, test error and validation
/// error against time and against iterations (median over seeds and 20–80 % band of each
/// solver's selected configuration), and the time-to-target table.
enum StochasticReport {
    /// The figures: curve name in ``StochasticSummary/curves``, y label, axis label, percent.
    static let panels: [(curve: String, title: String, yLabel: String, xLabel: String, percent: Bool)] = [
        ("test_error_vs_time", "Test error vs time", "test error (%)", "solver time (s)", true),
        ("value_vs_time", "Validation error (value) vs time", "objective_value (validation error)", "solver time (s)", false),
        ("test_error_vs_iteration", "Test error vs iterations", "test error (%)", "outer iterations", true),
        ("value_vs_iteration", "Validation error (value) vs iterations", "objective_value (validation error)", "outer iterations", false),
    ]

    /// One section per data set of `summary`.
    static func sections(_ summary: StochasticSummary) -> [ReportSection] {
        summary.configurations.map(\.dataName).uniqued().map { section(summary, dataName: $0) }
    }

    static func section(_ summary: StochasticSummary, dataName: String) -> ReportSection {
        let all = summary.configurations.filter { $0.dataName == dataName }
        let shown = all.filter(\.selected)
        let solvers = all.map(\.solver).uniqued()
        var section = ReportSection(title: "Stochastic solvers on \(dataName)")
        section.paragraphs = [
            "\(all.count) configurations of \(solvers.count) solvers (\(solvers.joined(separator: ", "))), "
                + "seeds per configuration: \(Set(all.map(\.seeds.count)).sorted().map(String.init).joined(separator: "/")). "
                + "Curves: for each seed, log(metric) is interpolated linearly in log(x) on a common grid of "
                + "\(all.first?.curves.values.first?.grid.count ?? 0) points from the smallest recorded positive x to the largest; "
                + "the line is the median over seeds, the band the 20–80 % quantiles (benchopt). "
                + "Shown per solver: the configuration with the lowest median validation error among \(summary.criterion) "
                + "among those with the solver's full number of seeds (marked * in the table).",
        ]
        let unselected = solvers.filter { solver in !shown.contains { $0.solver == solver } }
        if !unselected.isEmpty {
            section.paragraphs.append("No configuration could be selected for: \(unselected.joined(separator: ", ")) (no evaluation in the window).")
        }
        let slug = ReportSection.slug(dataName)
        for panel in panels {
            var chart = Chart(
                title: "\(panel.title) — \(dataName)", xLabel: panel.xLabel, yLabel: panel.yLabel, xScale: .logarithmic)
            let scale = panel.percent ? 100.0 : 1.0
            for (index, configuration) in shown.enumerated() {
                guard let band = configuration.curves[panel.curve] else { continue }
                let style = Palette.style(index)
                chart.marks.append(
                    .band(BandSeries(x: band.grid, lower: band.lower.map { $0 * scale }, upper: band.upper.map { $0 * scale }, color: style.color)))
                chart.marks.append(
                    .line(
                        LineSeries(
                            name: configuration.configuration, points: zip(band.grid, band.median).map { DataPoint($0, $1 * scale) },
                            style: style, markerEvery: max(band.grid.count / 8, 1))))
            }
            section.figures.append(
                ReportFigure(
                    id: "\(slug)-\(ReportSection.slug(panel.curve))", chart: chart,
                    caption: "\(panel.title): median over seeds (line) and 20–80 % band of each solver's selected configuration."))
        }
        let (header, rows) = summary.tableCells(dataName: dataName)
        section.tables.append(
            HTMLTable(
                caption: "Configurations and time to target test accuracy (median curve; median of the seeds' first hits)",
                header: Array(header.dropFirst()), rows: rows.map { Array($0.dropFirst()) }))
        return section
    }
}
