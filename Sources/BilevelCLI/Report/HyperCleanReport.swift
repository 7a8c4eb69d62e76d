import Bilevel
import Plot

/// The report's section for `bilevel hyperclean` results: test accuracy, F1 and the method's
/// auxiliary value (penalty gap, gradient penalty, inner objective) against iteration and time,
/// one curve per (method, net, seed), and the FINAL records beside the published table.
enum HyperCleanReport {
    /// The published rows (PBGD.md §6; linear: mean of seeds 42/123/456, MLP: seed 42):
    /// method, linear acc, F1, precision, recall, MLP acc, F1, precision, recall.
    static let published: [[String]] = [
        ["v_pbgd", "90.097", "91.722", "0.885", "0.952", "91.480", "92.050", "0.887", "0.956"],
        ["g_pbgd", "89.837", "80.629", "0.839", "0.776", "92.380", "90.820", "0.889", "0.928"],
        ["rhg", "84.633", "89.547", "0.832", "0.969", "84.790", "89.339", "0.822", "0.979"],
        ["t_rhg", "84.613", "89.059", "0.828", "0.964", "84.790", "89.348", "0.824", "0.976"],
    ]

    /// The curves: metric key (nil: the run's auxiliary key), title, y label.
    static let metrics: [(key: String?, title: String, yLabel: String)] = [
        ("test_accuracy", "Test accuracy", "test accuracy (%)"),
        ("f1_score", "Cleaner F1", "F1 (%)"),
        (nil, "Auxiliary value (penalty_gap / grad_penalty / inner_objective)", "auxiliary value"),
    ]

    /// The abscissae: key, name, label.
    static let axes: [(key: String, name: String, label: String)] = [
        ("step", "iteration", "iteration"), ("runtime_sec", "time", "runtime_sec (s, evaluations included)"),
    ]

    static func section(runs: [HyperCleanRun], finals: [ResultRow]) -> ReportSection {
        var section = ReportSection(title: "Hyper-cleaning (PBGD / RHG)")
        section.paragraphs = [
            "\(runs.count) runs: \(runs.map(\.label).joined(separator: "; ")). One curve per (method, net, seed); "
                + "the auxiliary value is each method's own key (\(HyperCleanRun.auxiliaryKeys.joined(separator: ", "))). "
                + "Time is the benchmark's runtime_sec (evaluations included).",
        ]
        for metric in metrics {
            for axis in axes {
                var chart = Chart(title: "\(metric.title) vs \(axis.name)", xLabel: axis.label, yLabel: metric.yLabel)
                for (index, run) in runs.enumerated() {
                    guard let key = metric.key ?? run.auxiliaryKey else { continue }
                    let points = zip(run.series(axis.key), run.series(key)).map { DataPoint($0, $1) }
                    let name = metric.key == nil ? "\(run.label) (\(key))" : run.label
                    chart.marks.append(
                        .line(LineSeries(name: name, points: points, style: Palette.style(index), markerEvery: max(points.count / 10, 1))))
                }
                let stem = metric.key.map(ReportSection.slug) ?? "auxiliary"
                section.figures.append(
                    ReportFigure(
                        id: "hyperclean-\(stem)-vs-\(axis.name)", chart: chart,
                        caption: "\(metric.title) against \(axis.name), every evaluation of every run."))
            }
        }
        section.tables.append(finalTable(finals))
        section.tables.append(
            HTMLTable(
                caption: "Published (PBGD.md §6; linear: mean of seeds 42/123/456, MLP: seed 42)",
                header: ["method", "lin acc", "lin F1", "lin prec", "lin rec", "MLP acc", "MLP F1", "MLP prec", "MLP rec"],
                rows: published))
        return section
    }

    /// Our FINAL records: best-accuracy evaluation (benchmark semantics), means for multi-seed
    /// records.
    static func finalTable(_ finals: [ResultRow]) -> HTMLTable {
        func value(_ row: ResultRow, _ key: String, digits: Int) -> String {
            guard let number = row.number(key) ?? row.number(key + "_mean") else { return "" }
            return MetricValue.fixed(number, digits: digits)
        }
        let rows = finals.map { row in
            [
                row.string("method") ?? "?", row.string("net") ?? "?",
                row.string("seeds") ?? row.integer("seed").map(String.init) ?? "",
                value(row, "test_accuracy", digits: 3), value(row, "f1_score", digits: 3),
                value(row, "cleaner_precision", digits: 3), value(row, "cleaner_recall", digits: 3),
                row.integer("iterations").map(String.init) ?? "", row.string("status") ?? "",
            ]
        }
        return HTMLTable(
            caption: "Ours: FINAL records (best-accuracy evaluation; mean over seeds for several seeds)",
            header: ["method", "net", "seeds", "test acc", "F1", "prec", "rec", "iterations", "status"], rows: rows)
    }
}
