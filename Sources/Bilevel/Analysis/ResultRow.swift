/// One record read back from a result file (`--output` of `solve`, `hyperclean`,
/// `toy-convergence`): its fields and where it came from.
///
/// JSON `null` (how non-finite floats are written) reads back as NaN.
public struct ResultRow: Sendable {
    /// The file the row was read from.
    public var file: String
    /// Its 1-based line number.
    public var line: Int
    /// The fields by key (`"record"` included: `train`, `final`, `run`, …).
    public var fields: [String: MetricValue]

    /// A row; see the properties.
    public init(file: String, line: Int, fields: [String: MetricValue]) {
        self.file = file
        self.line = line
        self.fields = fields
    }

    /// The `record` field (`train`, `final`, …), empty when absent.
    public var record: String { string("record") ?? "" }

    /// The field as a number (ints and floats; NaN for `null`), nil when absent or not numeric.
    public func number(_ key: String) -> Double? { fields[key]?.doubleValue }

    /// The field as a string, nil when absent or not a string.
    public func string(_ key: String) -> String? {
        if case .string(let text)? = fields[key] { return text }
        return nil
    }

    /// The field as an integer (an int, or a float with an integral value), nil otherwise.
    public func integer(_ key: String) -> Int? {
        switch fields[key] {
        case .int(let value)?: return value
        case .float(let value, _)? where value.rounded() == value && abs(value) < 1e15: return Int(value)
        default: return nil
        }
    }

    /// `file:line`, for messages.
    public var location: String { "\(file):\(line)" }
}
