import Bilevel
import Plot

/// The report's sections for `bilevel solve` results: per data set, test error and validation
/// error against time and against iterations (median over seeds and 20–80 % band of each
/// solver's selected configuration), and the time-to-target table.
enum StochasticReport {
    /// One figure: curve name in ``StochasticSummary/curves`` (or ``StochasticSummary/gapCurves``),
    /// title, y label, x label, whether in percent, whether the y axis is logarithmic.
    typealias Panel = (curve: String, title: String, yLabel: String, xLabel: String, percent: Bool, logY: Bool)

    /// The figures of accuracy problems (data cleaning).
    static let panels: [Panel] = [
        ("test_error_vs_time", "Test error vs time", "test error (%)", "solver time (s)", true, false),
        ("value_vs_time", "Validation error (value) vs time", "objective_value (validation error)", "solver time (s)", false, false),
        ("test_error_vs_iteration", "Test error vs iterations", "test error (%)", "outer iterations", true, false),
        ("value_vs_iteration", "Validation error (value) vs iterations", "objective_value (validation error)", "outer iterations", false, false),
    ]

    /// The figures of value-function problems (regularization selection): h − h* as benchopt plots it.
    static let gapPanels: [Panel] = [
        ("value_func_gap_vs_time", "h(x) − h* vs time", "h(x) − h*", "solver time (s)", false, true),
        ("value_func_gap_vs_iteration", "h(x) − h* vs iterations", "h(x) − h*", "outer iterations", false, true),
        ("value_vs_time", "‖∇h‖² (value) vs time", "objective_value (‖∇h(x)‖²)", "solver time (s)", false, true),
    ]

    /// One section per data set of `summary`.
    static func sections(_ summary: StochasticSummary) -> [ReportSection] {
        summary.configurations.map(\.dataName).uniqued().map { section(summary, dataName: $0) }
    }

    static func section(_ summary: StochasticSummary, dataName: String) -> ReportSection {
        let all = summary.configurations.filter { $0.dataName == dataName }
        let shown = all.filter(\.selected)
        let solvers = all.map(\.solver).uniqued()
        let gapKind = all.first?.hasValueFunction ?? false
        let metric = gapKind
            ? "value_func = h(x) (h* = \(all.first?.optimalValue.map { MetricValue.significant($0, digits: 8) } ?? "?"), the lowest median value_func − 1e-10)"
            : "validation error"
        var section = ReportSection(title: "Stochastic solvers on \(dataName)")
        section.paragraphs = [
            "\(all.count) configurations of \(solvers.count) solvers (\(solvers.joined(separator: ", "))), "
                + "seeds per configuration: \(Set(all.map(\.seeds.count)).sorted().map(String.init).joined(separator: "/")). "
                + "Curves: for each seed, log(metric) is interpolated linearly in log(x) on a common grid of "
                + "\(all.first?.curves.values.first?.grid.count ?? 0) points from the smallest recorded positive x to the largest; "
                + "the line is the median over seeds, the band the 20–80 % quantiles (benchopt). "
                + "Shown per solver: the configuration with the lowest median \(metric) among \(summary.criterion) "
                + "among those with the solver's full number of seeds (marked * in the table).",
        ]
        let unselected = solvers.filter { solver in !shown.contains { $0.solver == solver } }
        if !unselected.isEmpty {
            section.paragraphs.append("No configuration could be selected for: \(unselected.joined(separator: ", ")) (no evaluation in the window).")
        }
        let slug = ReportSection.slug(dataName)
        for panel in gapKind ? gapPanels : panels {
            var chart = Chart(
                title: "\(panel.title) — \(dataName)", xLabel: panel.xLabel, yLabel: panel.yLabel, xScale: .logarithmic,
                yScale: panel.logY ? .logarithmic : .linear)
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
                caption: "Configurations and time to target \(gapKind ? "h − h*" : "test accuracy") (median curve; median of the seeds' first hits)",
                header: Array(header.dropFirst()), rows: rows.map { Array($0.dropFirst()) }))
        return section
    }
}
