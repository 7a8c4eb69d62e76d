import Foundation

/// Successive halving over one budget flag: every configuration of the grid runs (on every seed)
/// at the first budget, the best fraction by the mean of a metric over the seeds goes on to the
/// next budget, and so on, so a search spends long runs only on strategies that did well short.
///
/// ```json
/// "halving": {"flag": "outer-itr", "budgets": [3000, 8000, 40000], "keep": 0.25,
///             "metric": "test_accuracy", "goal": "max", "at_least": {"f1_score": 91.7}}
/// ```
///
/// A configuration is one point of the grid without the seeds axis. `keep` is the fraction that
/// survives each stage (at least one). `at_least` sets floors on other metrics' means:
/// configurations below a floor rank after every configuration that meets all floors. Ties keep
/// grid order. Metrics are read from each task's final record.
public struct SweepHalving: Sendable, Equatable {
    /// The flag each stage sets (`outer-itr`).
    public var flag: String
    /// Its value per stage.
    public var budgets: [MetricValue]
    /// The fraction of configurations that go on to the next stage, in (0, 1].
    public var keep: Double
    /// The final-record metric that ranks configurations.
    public var metric: String
    /// Whether larger metric values are better.
    public var maximize: Bool
    /// Floors on the means of other metrics, in spec order.
    public var atLeast: [Floor]

    /// A floor on the mean of one final-record metric.
    public struct Floor: Sendable, Equatable {
        /// The metric.
        public var metric: String
        /// Its smallest acceptable mean.
        public var minimum: Double
    }

    /// The fields of a `halving` object.
    static let fields = ["flag", "budgets", "keep", "metric", "goal", "at_least"]

    /// How many of `count` configurations survive a stage.
    public func survivorCount(of count: Int) -> Int {
        min(count, max(1, Int((keep * Double(count)).rounded(.up))))
    }

    /// Parses the value of a spec's `halving` field.
    init(_ json: SweepJSON) throws(SweepSpecIssue) {
        guard case .object(let members) = json else {
            throw SweepSpecIssue("halving", "expected an object with \(Self.fields.joined(separator: ", "))")
        }
        if let unknown = members.first(where: { !Self.fields.contains($0.key) }) {
            throw SweepSpecIssue(
                "halving.\(unknown.key)", "unknown field; fields: \(Self.fields.joined(separator: ", "))")
        }
        guard case .string(let flag)? = json["flag"], !flag.isEmpty else {
            throw SweepSpecIssue("halving.flag", "missing: the budget flag, e.g. \"outer-itr\"")
        }
        guard case .array(let budgets)? = json["budgets"], !budgets.isEmpty else {
            throw SweepSpecIssue("halving.budgets", "expected a non-empty list of budgets")
        }
        guard let keep = json["keep"]?.number, keep > 0, keep <= 1 else {
            throw SweepSpecIssue("halving.keep", "expected the surviving fraction, in (0, 1]")
        }
        guard case .string(let metric)? = json["metric"], !metric.isEmpty else {
            throw SweepSpecIssue("halving.metric", "missing: a final-record key, e.g. \"test_accuracy\"")
        }
        switch json["goal"] {
        case nil, .string("max")?: maximize = true
        case .string("min")?: maximize = false
        default: throw SweepSpecIssue("halving.goal", "expected \"max\" or \"min\"")
        }
        var floors: [Floor] = []
        if let atLeast = json["at_least"] {
            guard case .object(let entries) = atLeast else {
                throw SweepSpecIssue("halving.at_least", "expected an object of metric: minimum")
            }
            for entry in entries {
                guard let minimum = entry.value.number, minimum.isFinite else {
                    throw SweepSpecIssue("halving.at_least.\(entry.key)", "expected a number")
                }
                floors.append(Floor(metric: entry.key, minimum: minimum))
            }
        }
        self.flag = flag
        self.budgets = try budgets.enumerated().map { (offset, item) throws(SweepSpecIssue) in
            try SweepValues.scalar(item, location: "halving.budgets[\(offset)]")
        }
        self.keep = keep
        self.metric = metric
        self.atLeast = floors
    }
}

/// One configuration's standing after a stage.
public struct SweepStanding: Sendable, Equatable {
    /// The configuration (grid point without seeds).
    public var configuration: Int
    /// A task of it, for its label.
    public var label: String
    /// The mean of the ranking metric over its seeds.
    public var score: Double
    /// The means of the `at_least` metrics, in spec order.
    public var floors: [Double]
    /// Whether every floor is met.
    public var meetsFloors: Bool
    /// Seeds that ran.
    public var seeds: Int
}

extension SweepHalving {
    /// The configurations of `tasks` (one finished stage) ranked best first.
    ///
    /// - Parameters:
    ///   - budgetKey: the canonical key of ``flag`` in the tasks' parameters.
    ///   - finalRecord: the final record of a task (from its result file).
    /// - Throws: ``SweepError/io(path:reason:)`` when a metric is missing from a final record.
    public func rank(
        _ tasks: [SweepTask], budgetKey: String,
        finalRecord: (SweepTask) throws(SweepError) -> (path: String, record: [String: Any])
    ) throws(SweepError) -> [SweepStanding] {
        let keys = [metric] + atLeast.map(\.metric)
        var sums: [Int: (label: String, values: [Double], seeds: Int)] = [:]
        var order: [Int] = []
        for task in tasks {
            let (path, record) = try finalRecord(task)
            var values: [Double] = []
            for key in keys {
                guard let value = (record[key] as? NSNumber)?.doubleValue else {
                    throw .io(path: path, reason: "the final record has no number '\(key)' to rank by")
                }
                values.append(value)
            }
            if sums[task.configuration] == nil {
                order.append(task.configuration)
                sums[task.configuration] = (Self.configurationLabel(task, budgetKey: budgetKey), values.map { _ in 0 }, 0)
            }
            sums[task.configuration]!.values = zip(sums[task.configuration]!.values, values).map(+)
            sums[task.configuration]!.seeds += 1
        }
        let standings = order.map { configuration -> SweepStanding in
            let entry = sums[configuration]!
            let means = entry.values.map { $0 / Double(entry.seeds) }
            let floors = Array(means.dropFirst())
            let meets = zip(floors, atLeast).allSatisfy { $0 >= $1.minimum }
            return SweepStanding(
                configuration: configuration, label: entry.label, score: means[0], floors: floors,
                meetsFloors: meets, seeds: entry.seeds)
        }
        // A stable sort: ties keep grid order.
        return standings.enumerated().sorted { a, b in
            if a.element.meetsFloors != b.element.meetsFloors { return a.element.meetsFloors }
            if a.element.score != b.element.score {
                return maximize ? a.element.score > b.element.score : a.element.score < b.element.score
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The varying parameters of `task` without its seed and the budget flag.
    static func configurationLabel(_ task: SweepTask, budgetKey: String) -> String {
        let varying = task.parameters[task.fixedCount...].filter {
            $0.key != "seed" && $0.key != budgetKey
        }
        return varying.isEmpty
            ? "(no parameters)" : varying.map { "\($0.key)=\($0.value.keyValueText)" }.joined(separator: " ")
    }
}
