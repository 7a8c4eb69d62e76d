/// Records as one CSV table (RFC 4180), for `--output FILE.csv`.
///
/// The columns are `record` (`train`, `final`, …) and then every key of the records in
/// first-seen order, so a `bilevel solve` file has benchopt's columns first (`solver_name`,
/// `data_name`, `idx_rep`, `stop_val`, `time`, `objective_*`) and the FINAL record's extra keys
/// after them. A record without a key leaves its cell empty. Numbers are written in full
/// precision (`nan`, `inf` for non-finite floats, as pandas reads them); a cell with a comma,
/// quote or line break is quoted.
public enum CSVTable {
    /// The header line and one line per record (no trailing newlines).
    public static func lines(_ records: [MetricsRecord]) -> [String] {
        var columns = ["record"]
        var known: Set<String> = ["record"]
        for record in records {
            for key in record.keys where known.insert(key).inserted { columns.append(key) }
        }
        let header = columns.map(cell).joined(separator: ",")
        let rows = records.map { record in
            columns.map { column in
                column == "record" ? cell(record.recordName) : record[column].map(text).map(cell) ?? ""
            }.joined(separator: ",")
        }
        return [header] + rows
    }

    /// The text of one value before quoting.
    static func text(_ value: MetricValue) -> String {
        switch value {
        case .float(let number, _) where !number.isFinite:
            return number.isNaN ? "nan" : number < 0 ? "-inf" : "inf"
        case .string(let string): return string
        default: return value.jsonText
        }
    }

    /// `text`, quoted (inner quotes doubled) when it holds a comma, quote or line break.
    static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
