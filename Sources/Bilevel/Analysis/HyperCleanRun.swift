/// One seed's evaluations of a `bilevel hyperclean --output` file, with the method and net of
/// the file's FINAL record.
///
/// The file holds, per seed, `train` records (without method or seed), then a `run` record
/// naming the seed (several seeds) or directly the `final` record (one seed, naming method, net
/// and seed).
public struct HyperCleanRun: Sendable {
    /// `v_pbgd`, `g_pbgd`, `rhg`, `t_rhg` (`?` when the file has no FINAL record).
    public var method: String
    /// `linear` or `mlp` (`?` when unknown).
    public var net: String
    /// The seed (nil when the file does not say).
    public var seed: Int?
    /// The `train` records in order.
    public var rows: [ResultRow]

    /// The method's auxiliary key present in the records (`penalty_gap`, `grad_penalty`,
    /// `inner_objective`), nil when none is.
    public var auxiliaryKey: String? {
        Self.auxiliaryKeys.first { key in rows.first?.fields[key] != nil }
    }

    /// The auxiliary keys of the hyper-cleaning methods (PBGD.md §5.2).
    public static let auxiliaryKeys = ["penalty_gap", "grad_penalty", "inner_objective"]

    /// What tells this run from others with the same method, net and seed (the file name;
    /// see ``disambiguated(_:)``), nil when nothing needs to.
    public var tag: String?

    /// `method net seed S`, plus ` (tag)` when there is one.
    public var label: String {
        "\(method) \(net)" + (seed.map { " seed \($0)" } ?? "") + (tag.map { " (\($0))" } ?? "")
    }

    /// `runs` with each run whose label is shared by another (the same method, net and seed
    /// from two files, e.g. a baseline and a tuned strategy) tagged with its file's name.
    public static func disambiguated(_ runs: [HyperCleanRun]) -> [HyperCleanRun] {
        let counts = Dictionary(grouping: runs, by: \.label).mapValues(\.count)
        return runs.map { run in
            guard counts[run.label, default: 0] > 1, let file = run.rows.first?.file else { return run }
            var tagged = run
            tagged.tag = file.split(separator: "/").last.map(String.init) ?? file
            return tagged
        }
    }

    /// The numbers under `key`, one per evaluation (NaN where missing).
    public func series(_ key: String) -> [Double] { rows.map { $0.number(key) ?? .nan } }

    /// Whether `row` is a hyper-cleaning evaluation.
    public static func isEvaluation(_ row: ResultRow) -> Bool {
        row.record == "train" && row.fields["f1_score"] != nil && row.fields["step"] != nil
    }

    /// Whether `row` is a hyper-cleaning FINAL record.
    public static func isFinal(_ row: ResultRow) -> Bool {
        row.record == "final" && (row.string("command")?.hasPrefix("hyperclean") ?? false)
    }

    /// The runs and FINAL records among the rows of one file, in order.
    public static func parse(_ rows: [ResultRow]) -> (runs: [HyperCleanRun], finals: [ResultRow]) {
        var runs: [HyperCleanRun] = []
        var finals: [ResultRow] = []
        var pending: [ResultRow] = []
        var unnamed: [HyperCleanRun] = []  // runs whose FINAL record (method, net) is still to come
        for row in rows {
            if isEvaluation(row) {
                pending.append(row)
            } else if row.record == "run", row.fields["seed"] != nil, !pending.isEmpty {
                unnamed.append(HyperCleanRun(method: "?", net: "?", seed: row.integer("seed"), rows: pending))
                pending = []
            } else if isFinal(row) {
                if !pending.isEmpty {
                    unnamed.append(HyperCleanRun(method: "?", net: "?", seed: row.integer("seed"), rows: pending))
                    pending = []
                }
                for var run in unnamed {
                    run.method = row.string("method") ?? "?"
                    run.net = row.string("net") ?? "?"
                    runs.append(run)
                }
                unnamed = []
                finals.append(row)
            }
        }
        if !pending.isEmpty { unnamed.append(HyperCleanRun(method: "?", net: "?", seed: nil, rows: pending)) }
        return (runs + unnamed, finals)
    }
}
