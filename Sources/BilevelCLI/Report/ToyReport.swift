import Bilevel
import Plot

/// The report's section for `bilevel toy-convergence` results: the official figure's two panels
/// per run set — the hyper-objective h(x) = f(x, y*(x)) = f(x, −x) over x ∈ [0, 3] with the final
/// iterates of the starts on it, and the histogram of steps to convergence.
enum ToyReport {
    /// h(x) = f(x, −x): on the toy, the lower-level solution set is y = −x (PBGD.md §1.1).
    static func hyperObjective(_ x: Double) -> Double { Toy.upperObjective(x: x, y: -x) }

    static func section(_ sets: [ToyRunSet]) -> ReportSection {
        var section = ReportSection(title: "Toy problem (PBGD §1)")
        section.paragraphs = [
            "Per run set: the hyper-objective h(x) = f(x, −x) on [0, 3] with each start's final x placed on it "
                + "(h at the final x), and the histogram of gradient steps to convergence.",
        ]
        for (index, set) in sets.enumerated() {
            let stem = "toy-\(index + 1)-\(ReportSection.slug(set.method))"
            let seeds = set.starts.compactMap(\.seed).uniqued()
            let what = "\(set.label), \(set.starts.count) starts" + (seeds.isEmpty ? "" : ", seeds \(seeds.map(String.init).joined(separator: ","))")
            var curve = Chart(title: "Hyper-objective and final iterates — \(set.label)", xLabel: "x", yLabel: "h(x) = f(x, −x)")
            curve.xDomain = Toy.lowerBound...Toy.upperBound
            let grid = (0...600).map { Toy.lowerBound + (Toy.upperBound - Toy.lowerBound) * Double($0) / 600 }
            curve.marks.append(
                .line(LineSeries(name: "h(x)", points: grid.map { DataPoint($0, hyperObjective($0)) }, style: SeriesStyle(color: "#000000"))))
            let finals = set.starts.compactMap(\.x)
            if finals.isEmpty {
                section.paragraphs.append(
                    "\(set.label): the file has no final x per start (written before `x`/`y` were recorded); rerun toy-convergence --output to place them.")
            } else {
                curve.marks.append(
                    .points(
                        PointSeries(
                            name: "final x of \(finals.count) starts", points: finals.map { DataPoint($0, hyperObjective($0)) },
                            style: Palette.style(1), radius: 4.5)))
            }
            section.figures.append(ReportFigure(id: "\(stem)-hyper-objective", chart: curve, caption: "Panel (a), \(what)."))
            let steps = set.starts.map { Double($0.steps) }
            var histogram = Chart(title: "Steps to convergence — \(set.label)", xLabel: "gradient steps", yLabel: "starts")
            let upper = Scale.niceDomain(covering: steps + [0], kind: .linear).upperBound
            histogram.marks.append(
                .bars(BarSeries(name: "starts per bin (\(steps.count) total)", bins: BarSeries.histogram(steps, bins: 40, lower: 0, upper: upper), style: Palette.style(0))))
            section.figures.append(ReportFigure(id: "\(stem)-steps-histogram", chart: histogram, caption: "Panel (b), \(what)."))
        }
        section.tables.append(
            HTMLTable(
                caption: "FINAL records (means over seeds)",
                header: ["run set", "convergence_steps", "median_steps", "final_residual", "success_rate", "runs_ending_at_x_eq_3"],
                rows: sets.map { set in
                    [set.label] + ["convergence_steps", "median_steps", "final_residual", "success_rate", "runs_ending_at_x_eq_3"].map { key in
                        set.final?.number(key).map { MetricValue.significant($0, digits: 6) } ?? ""
                    }
                }))
        return section
    }
}
