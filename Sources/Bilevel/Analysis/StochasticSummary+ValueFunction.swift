/// Problems judged by a value function h(x) = f(y*(x)) instead of a test accuracy (regularization
/// selection on IJCNN1 and its stand-ins, METHODS.md §3.2): benchopt selects on `value_func` and
/// plots h(x_t) − h* with h* = (lowest median `value_func` of any run) − 1e-10.
extension StochasticSummary {
    /// Gap targets timed by default: h − h* ≤ 1e-2, 1e-3, 1e-4.
    public static let defaultGapTargets: [Double] = [1e-2, 1e-3, 1e-4]

    /// The curves of value-function problems: h − h* against time and against iterations.
    public static let gapCurves: [(axis: String, name: String)] = [
        ("time", "value_func_gap_vs_time"), ("iteration", "value_func_gap_vs_iteration"),
    ]

    /// Whether `runs` are of a value-function problem: their records carry `objective_value_func`
    /// and no `objective_test_accuracy`.
    public static func hasValueFunction(_ runs: [StochasticRun]) -> Bool {
        guard let row = runs.first?.rows.first else { return false }
        return row.number("objective_value_func") != nil && row.number("objective_test_accuracy") == nil
    }

    /// The column the selection ranks by: `objective_value_func` on value-function problems,
    /// else the validation error `objective_value` (benchopt, METHODS.md §5.4).
    public static func selectionMetric(of runs: [StochasticRun]) -> String {
        hasValueFunction(runs) ? "objective_value_func" : "objective_value"
    }

    /// h* per data set of value-function problems: the lowest median-over-seeds `value_func` of
    /// any configuration at any evaluation, minus 1e-10 (`groups`: the runs of each configuration).
    static func optimalValues(_ groups: [[StochasticRun]]) -> [String: Double] {
        var optimal: [String: Double] = [:]
        for runs in groups where hasValueFunction(runs) {
            guard let best = selectionScore(runs, criterion: nil, metric: "objective_value_func") else { continue }
            let dataName = runs[0].dataName
            optimal[dataName] = min(optimal[dataName] ?? .infinity, best - 1e-10)
        }
        return optimal
    }

    /// The h − h* curves, final quantiles and gap-target times of one configuration.
    static func valueGap(_ runs: [StochasticRun], optimalValue: Double, options: Options)
        -> (curves: [String: CurveBand], final: [Double], targets: [TargetTime])
    {
        let gaps = runs.map { run in run.series("objective_value_func").map { $0 - optimalValue } }
        var curves: [String: CurveBand] = [:]
        for curve in gapCurves {
            let series = zip(runs, gaps).map { run, gap in
                (x: run.series(curve.axis == "iteration" ? run.iterationKey : curve.axis), y: gap)
            }
            curves[curve.name] = CurveBand.over(series, points: options.gridPoints)
        }
        let finals = gaps.map { $0.last ?? .nan }
        let targets = options.gapTargets.map { target in
            targetTime(target, runs: runs, values: gaps, band: curves["value_func_gap_vs_time"], decreasing: true)
        }
        return (curves, [0.5, 0.2, 0.8].map { Quantile.of(finals, $0) }, targets)
    }
}
