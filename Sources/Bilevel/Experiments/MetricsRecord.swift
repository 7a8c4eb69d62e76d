/// One output record: a label (`TRAIN_METRICS`, `FINAL_METRICS`, …) and an ordered list of
/// `key=value` pairs.
///
/// The same record renders two ways:
/// - ``keyValueLine`` — the benchmark's layout (PBGD.md §5.2): `LABEL k=v k=v`, pairs separated
///   by one space, keys in insertion order, so the benchmark's keys come first and extra keys
///   after them, and benchmark parsers read it unchanged;
/// - ``jsonObject`` — one JSON object with the keys in the same order, `"record"` first
///   (`"train"`, `"final"`, …), full-precision numbers.
///
/// Keys are snake_case identifiers (`[a-z0-9_]`, not starting with a digit) and unique within a
/// record; these are programmer errors, checked with `precondition`.
///
/// ```swift
/// var record = MetricsRecord(label: "TRAIN_METRICS")
/// record.append("run", .int(0))
/// record.append("objective", .float(0.4495291))
/// record.keyValueLine   // "TRAIN_METRICS run=0 objective=0.449529"
/// ```
public struct MetricsRecord: Sendable, Equatable {
    /// One `key=value` pair.
    public struct Field: Sendable, Equatable {
        /// The snake_case key.
        public var key: String
        /// The value and, for floats, its printed format.
        public var value: MetricValue
    }

    /// The line prefix, e.g. `TRAIN_METRICS`; its lowercased first word is the JSON `"record"`.
    public var label: String
    /// The pairs, in output order.
    public private(set) var fields: [Field] = []

    /// An empty record with the given label.
    ///
    /// - Parameter label: upper-case `WORD_METRICS`-style prefix of the `key=value` line.
    public init(label: String) {
        precondition(
            !label.isEmpty
                && label.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") },
            "MetricsRecord: label must be an upper-case identifier, got '\(label)'")
        self.label = label
    }

    /// A `TRAIN_METRICS` record.
    public static func train() -> MetricsRecord { MetricsRecord(label: "TRAIN_METRICS") }

    /// A TRAIN_METRICS record of a solver evaluation with benchopt's leading columns:
    /// `solver_name`, `data_name`, `idx_rep` (the seed), `stop_val`, `iteration`, `time`.
    public static func solverEvaluation(
        solver: String, data: String, seed: Int, stopVal: Int, iteration: Int, seconds: Double
    ) -> MetricsRecord {
        var record = train()
        record.append("solver_name", .string(solver))
        record.append("data_name", .string(data))
        record.append("idx_rep", .int(seed))
        record.append("stop_val", .int(stopVal))
        record.append("iteration", .int(iteration))
        record.append("time", .float(seconds, format: .shortest))
        return record
    }
    /// A `FINAL_METRICS` record.
    public static func final() -> MetricsRecord { MetricsRecord(label: "FINAL_METRICS") }

    /// Appends a pair after the existing ones.
    ///
    /// - Parameters:
    ///   - key: snake_case, not yet in the record.
    ///   - value: the value.
    public mutating func append(_ key: String, _ value: MetricValue) {
        precondition(Self.isValidKey(key), "MetricsRecord: key '\(key)' is not snake_case")
        precondition(self[key] == nil, "MetricsRecord: duplicate key '\(key)'")
        fields.append(Field(key: key, value: value))
    }

    /// Appends all pairs of `other` (its label is ignored).
    public mutating func append(contentsOf other: MetricsRecord) {
        for field in other.fields { append(field.key, field.value) }
    }

    /// The value stored under `key`, if any.
    public subscript(key: String) -> MetricValue? {
        fields.first { $0.key == key }?.value
    }

    /// The keys in output order.
    public var keys: [String] { fields.map(\.key) }

    /// The record's JSON `"record"` value: the label's first word, lowercased (`train`, `final`).
    public var recordName: String {
        String(label.split(separator: "_").first ?? Substring(label)).lowercased()
    }

    /// The benchmark's line: `LABEL key=value key=value …` (no trailing newline).
    public var keyValueLine: String {
        ([label] + fields.map { "\($0.key)=\($0.value.keyValueText)" }).joined(separator: " ")
    }

    /// One JSON object on one line: `{"record":"train","run":0,…}` (no trailing newline).
    public var jsonObject: String {
        let pairs = [("record", MetricValue.string(recordName))] + fields.map { ($0.key, $0.value) }
        return "{"
            + pairs.map { "\(MetricValue.jsonQuoted($0.0)):\($0.1.jsonText)" }.joined(
                separator: ",") + "}"
    }

    /// The line printed on stdout: ``keyValueLine``, or with `json` the label followed by
    /// ``jsonObject`` (`TRAIN_METRICS {…}`), so `grep ^FINAL_METRICS` works in both modes.
    public func line(json: Bool) -> String {
        json ? "\(label) \(jsonObject)" : keyValueLine
    }

    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else {
            return false
        }
        return key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
