/// A solver with its parameters but without its seed: what benchopt's figures group seeds by.
///
/// benchopt's `solver_name` carries the parameters in brackets, the seed among them
/// (`soba[batch_size=64,…,random_state=3,step_size=0.1]`); dropping `random_state` gives the
/// configuration, `soba[batch_size=64,…,step_size=0.1]`.
public struct SolverConfiguration: Sendable, Hashable, Comparable, Codable {
    /// The solver's name, before the bracket (`soba`).
    public var solver: String
    /// `key=value` parameters in their written order, `random_state` removed.
    public var parameters: [String]

    /// The configuration of a `solver_name`.
    public init(solverName: String) {
        guard let open = solverName.firstIndex(of: "["), solverName.hasSuffix("]") else {
            solver = solverName
            parameters = []
            return
        }
        solver = String(solverName[..<open])
        let inside = solverName[solverName.index(after: open)..<solverName.index(before: solverName.endIndex)]
        parameters = inside.split(separator: ",").map(String.init).filter { !$0.hasPrefix("random_state=") }
    }

    /// `solver[key=value,…]` without the seed (just `solver` when there are no parameters).
    public var label: String {
        parameters.isEmpty ? solver : "\(solver)[\(parameters.joined(separator: ","))]"
    }

    /// Ordered by label.
    public static func < (lhs: SolverConfiguration, rhs: SolverConfiguration) -> Bool { lhs.label < rhs.label }
}

/// One seed's evaluations of one configuration on one data set (the `TRAIN_METRICS` rows of a
/// `bilevel solve --output` file), in stop_val order.
public struct StochasticRun: Sendable {
    /// `data_name`, e.g. `mnist[corruption=0.5]`.
    public var dataName: String
    /// The configuration (solver and parameters, no seed).
    public var configuration: SolverConfiguration
    /// `idx_rep`.
    public var seed: Int
    /// The evaluations, by increasing `stop_val`.
    public var rows: [ResultRow]

    /// The columns every evaluation row must have (benchopt's names, METHODS.md §5.4).
    public static let requiredKeys = ["stop_val", "time", "objective_value"]

    /// Also required, except on value-function problems (records with `objective_value_func`).
    public static let accuracyKeys = ["objective_test_error", "objective_test_accuracy"]

    /// The numbers under `key`, one per evaluation (NaN where missing).
    public func series(_ key: String) -> [Double] { rows.map { $0.number(key) ?? .nan } }

    /// The column counting iterations: `iteration`, or `stop_val` in files without it.
    public var iterationKey: String { rows.first?.number("iteration") == nil ? "stop_val" : "iteration" }

    /// Whether a row is an evaluation of `bilevel solve` (a train record with a `solver_name`).
    public static func isEvaluation(_ row: ResultRow) -> Bool {
        row.record == "train" && row.string("solver_name") != nil
    }

    /// Groups the evaluation rows among `rows` into runs, ordered by data set, configuration and
    /// seed; rows of one (solver_name, data_name, idx_rep) from several files form one run.
    ///
    /// - Throws: ``AnalysisError/badField(file:line:key:expected:)`` when an evaluation lacks a
    ///   required column.
    public static func group(_ rows: [ResultRow]) throws(AnalysisError) -> [StochasticRun] {
        var runs: [String: StochasticRun] = [:]
        for row in rows where isEvaluation(row) {
            let required = row.number("objective_value_func") == nil ? requiredKeys + accuracyKeys : requiredKeys
            for key in required where row.number(key) == nil {
                throw .badField(file: row.file, line: row.line, key: key, expected: "a number")
            }
            guard let solverName = row.string("solver_name"), let dataName = row.string("data_name") else {
                throw .badField(file: row.file, line: row.line, key: "data_name", expected: "a string")
            }
            guard let seed = row.integer("idx_rep") else {
                throw .badField(file: row.file, line: row.line, key: "idx_rep", expected: "an integer")
            }
            let key = "\(dataName)\u{0}\(solverName)\u{0}\(seed)"
            runs[key, default: StochasticRun(
                dataName: dataName, configuration: SolverConfiguration(solverName: solverName), seed: seed, rows: [])].rows.append(row)
        }
        return runs.values.map { run in
            var sorted = run
            sorted.rows.sort { ($0.number("stop_val") ?? 0) < ($1.number("stop_val") ?? 0) }
            return sorted
        }.sorted { ($0.dataName, $0.configuration.label, $0.seed) < ($1.dataName, $1.configuration.label, $1.seed) }
    }
}
