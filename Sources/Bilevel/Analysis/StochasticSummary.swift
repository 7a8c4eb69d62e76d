/// The analysis of `bilevel solve` runs as benchopt's figures show them (METHODS.md §5.4): per
/// data set and solver configuration, median curves over seeds with a 20–80 % band on a log grid,
/// the configuration selected per solver, and times to target accuracies.
///
/// Selection (benchopt `plot_benchmark_bilevel.py`, METHODS.md §5.4): for each configuration,
/// the median over seeds of the selection metric at each `stop_val` (the validation error
/// `objective_value`; on problems with a value function and no test accuracy, such as
/// regularization selection, `objective_value_func` = h(x), see ``selectionMetric(of:)``); the
/// configuration's score is the lowest such median among `stop_val ≤ criterion` (100 by default,
/// or all evaluations); the solver's configuration with the lowest score is shown. Only
/// configurations with the solver's full number of seeds count (benchopt: all 10).
public struct StochasticSummary: Sendable, Codable {
    /// How to summarise.
    public struct Options: Sendable {
        /// Selection window: `stop_val ≤ criterion`; nil for all evaluations.
        public var criterion: Int?
        /// Targets on test accuracy besides the data set's own (MNIST 0.8, Fashion-MNIST 0.72).
        public var extraTargets: [Double]
        /// Points of each log grid (benchopt: 500).
        public var gridPoints: Int
        /// Targets on h − h* for value-function problems (default ``defaultGapTargets``).
        public var gapTargets: [Double]

        /// Options; the defaults are benchopt's.
        public init(criterion: Int? = 100, extraTargets: [Double] = [], gridPoints: Int = 500,
                    gapTargets: [Double] = StochasticSummary.defaultGapTargets) {
            self.criterion = criterion
            self.extraTargets = extraTargets
            self.gridPoints = gridPoints
            self.gapTargets = gapTargets
        }
    }

    /// The curves kept per configuration: metric key, abscissa key, name.
    public static let curves: [(metric: String, axis: String, name: String)] = [
        ("objective_test_error", "time", "test_error_vs_time"),
        ("objective_value", "time", "value_vs_time"),
        ("objective_test_accuracy", "time", "test_accuracy_vs_time"),
        ("objective_test_error", "iteration", "test_error_vs_iteration"),
        ("objective_value", "iteration", "value_vs_iteration"),
    ]

    /// Time to reach one target (a test accuracy, or h − h* from above).
    public struct TargetTime: Sendable, Codable, Equatable {
        /// The test accuracy to reach (or the h − h* to get below).
        public var target: Double
        /// First grid time where the median curve reaches the target; nil if never.
        public var medianCurveTime: Double?
        /// Per seed (in ``Configuration/seeds`` order): time of the first evaluation that
        /// reaches the target; nil if never.
        public var seedTimes: [Double?]
        /// Median of ``seedTimes`` (a seed that never reached it counts as +∞); nil if infinite.
        public var medianSeedTime: Double?
        /// How many seeds reached it.
        public var seedsReached: Int
    }

    /// One configuration on one data set.
    public struct Configuration: Sendable, Codable {
        /// `data_name`.
        public var dataName: String
        /// The solver (`soba`).
        public var solver: String
        /// Solver and parameters without the seed.
        public var configuration: String
        /// The seeds (`idx_rep`), increasing.
        public var seeds: [Int]
        /// Evaluations per seed (the largest count).
        public var evaluations: Int
        /// Whether it has the solver's full number of seeds (else it cannot be selected).
        public var eligible: Bool
        /// Lowest median validation error in the selection window; nil when not eligible or no
        /// evaluation falls in the window.
        public var selectionScore: Double?
        /// Whether this is the configuration shown for its solver.
        public var selected: Bool
        /// The column the selection ranks by (``StochasticSummary/selectionMetric(of:)``).
        public var selectionMetric: String
        /// Whether this is a value-function problem (selected on `objective_value_func`).
        public var hasValueFunction: Bool { selectionMetric == "objective_value_func" }
        /// h* of the data set (lowest median `objective_value_func` of any configuration and
        /// evaluation, minus 1e-10, as benchopt's IJCNN1 plots) on value-function problems; nil
        /// elsewhere.
        public var optimalValue: Double?
        /// h − h* of each seed's last evaluation: median, 20 % and 80 % (empty without h*).
        public var finalValueGap: [Double]
        /// Times to get h − h* down to each of the options' gap targets (empty without h*).
        public var gapTargets: [TargetTime]
        /// Test accuracy of each seed's last evaluation: median, 20 % and 80 % quantiles.
        public var finalTestAccuracy: [Double]
        /// Solver microseconds per iteration: each seed's last evaluation time over its
        /// iteration count (`iteration`, else `stop_val`), median over the seeds; NaN without
        /// iteration counts.
        public var microsecondsPerIteration: Double
        /// Solver seconds of the longest run.
        public var maxTime: Double
        /// The curves, named as in ``StochasticSummary/curves``.
        public var curves: [String: CurveBand]
        /// Times to each target.
        public var targets: [TargetTime]
    }

    /// `stop_val ≤ N` or `all`.
    public var criterion: String
    /// Every configuration, by data set, then configuration label.
    public var configurations: [Configuration]

    /// The targets for a data set: 0.8 for MNIST, 0.72 for Fashion-MNIST (seed 003's, METHODS.md
    /// §6.4), then `extra`, without repeats.
    public static func targets(dataName: String, extra: [Double]) -> [Double] {
        let own: [Double] =
            dataName.hasPrefix("fashion-mnist") ? [0.72] : dataName.hasPrefix("mnist") ? [0.8] : []
        return (own + extra).uniqued()
    }

    /// Summarises `runs` (from ``StochasticRun/group(_:)``).
    public init(runs: [StochasticRun], options: Options = Options()) {
        criterion = options.criterion.map { "stop_val <= \($0)" } ?? "all"
        var groups: [String: [StochasticRun]] = [:]
        var order: [String] = []
        for run in runs {
            let key = run.dataName + "\u{0}" + run.configuration.label
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(run)
        }
        let optimalValues = Self.optimalValues(Array(groups.values))
        var configurations = order.compactMap { groups[$0] }.map { runs in
            Self.configuration(runs, optimalValue: optimalValues[runs[0].dataName], options: options)
        }
        Self.select(&configurations, runsByKey: groups, options: options)
        self.configurations = configurations
    }

    private static func configuration(_ runs: [StochasticRun], optimalValue: Double?, options: Options) -> Configuration {
        let first = runs[0]
        var curveBands: [String: CurveBand] = [:]
        // A metric the records do not carry (test accuracy of regularization selection) gets no curve.
        for curve in curves where first.rows.first?.number(curve.metric) != nil {
            let series = runs.map { run in
                (x: run.series(curve.axis == "iteration" ? run.iterationKey : curve.axis),
                 y: run.series(curve.metric))
            }
            curveBands[curve.name] = CurveBand.over(series, points: options.gridPoints)
        }
        let gap = optimalValue.map { valueGap(runs, optimalValue: $0, options: options) }
        gap?.curves.forEach { curveBands[$0.key] = $0.value }
        let finals = runs.map { $0.series("objective_test_accuracy").last ?? .nan }
        let perIteration = runs.map { run -> Double in
            let iterations = run.series(run.iterationKey).last ?? .nan
            return iterations > 0 ? (run.series("time").last ?? .nan) / iterations * 1e6 : .nan
        }
        let accuracies = runs.map { $0.series("objective_test_accuracy") }
        let targetTimes = targets(dataName: first.dataName, extra: options.extraTargets).map { target in
            targetTime(target, runs: runs, values: accuracies, band: curveBands["test_accuracy_vs_time"], decreasing: false)
        }
        return Configuration(
            dataName: first.dataName, solver: first.configuration.solver, configuration: first.configuration.label,
            seeds: runs.map(\.seed), evaluations: runs.map(\.rows.count).max() ?? 0, eligible: false, selectionScore: nil,
            selected: false, selectionMetric: selectionMetric(of: runs), optimalValue: optimalValue,
            finalValueGap: gap?.final ?? [], gapTargets: gap?.targets ?? [], finalTestAccuracy: [0.5, 0.2, 0.8].map { Quantile.of(finals, $0) },
            microsecondsPerIteration: Quantile.median(perIteration), maxTime: runs.flatMap { $0.series("time") }.filter(\.isFinite).max() ?? 0, curves: curveBands, targets: targetTimes)
    }

    /// When each seed's `values` (one per evaluation of `runs`) and the median curve `band`
    /// first reach `target` (≥, or ≤ when `decreasing`).
    static func targetTime(_ target: Double, runs: [StochasticRun], values: [[Double]], band: CurveBand?, decreasing: Bool)
        -> TargetTime
    {
        let seedTimes: [Double?] = zip(runs, values).map { run, values in
            zip(values, run.series("time")).first { decreasing ? $0.0 <= target : $0.0 >= target }?.1
        }
        let median = Quantile.median(seedTimes.map { $0 ?? .infinity })
        return TargetTime(
            target: target, medianCurveTime: band?.firstReach(target, decreasing: decreasing), seedTimes: seedTimes,
            medianSeedTime: median.isFinite ? median : nil, seedsReached: seedTimes.compactMap { $0 }.count)
    }

    /// Marks eligibility, scores and the selected configuration of each (data set, solver).
    private static func select(_ configurations: inout [Configuration], runsByKey: [String: [StochasticRun]], options: Options) {
        var fullSeedCount: [String: Int] = [:]
        for configuration in configurations {
            let key = configuration.dataName + "\u{0}" + configuration.solver
            fullSeedCount[key] = max(fullSeedCount[key] ?? 0, configuration.seeds.count)
        }
        var best: [String: (index: Int, score: Double)] = [:]
        for index in configurations.indices {
            let configuration = configurations[index]
            let solverKey = configuration.dataName + "\u{0}" + configuration.solver
            guard configuration.seeds.count == fullSeedCount[solverKey],
                let runs = runsByKey[configuration.dataName + "\u{0}" + configuration.configuration]
            else { continue }
            configurations[index].eligible = true
            guard let score = selectionScore(runs, criterion: options.criterion) else { continue }
            configurations[index].selectionScore = score
            if best[solverKey].map({ score < $0.score }) ?? true { best[solverKey] = (index, score) }
        }
        for choice in best.values { configurations[choice.index].selected = true }
    }

    /// The lowest median over seeds of the selection metric (``selectionMetric(of:)``, or
    /// `metric`) among the evaluations in the window.
    static func selectionScore(_ runs: [StochasticRun], criterion: Int?, metric: String? = nil) -> Double? {
        let metric = metric ?? selectionMetric(of: runs)
        var byStopVal: [Int: [Double]] = [:]
        for run in runs {
            for row in run.rows {
                guard let stopVal = row.integer("stop_val"), criterion.map({ stopVal <= $0 }) ?? true,
                    let value = row.number(metric), !value.isNaN
                else { continue }
                byStopVal[stopVal, default: []].append(value)
            }
        }
        return byStopVal.values.map(Quantile.median).min()
    }
}
