import Foundation

/// Reads result files written by `--output` (JSON Lines: one JSON object per line, flat but for
/// the `"sweep"` tag of `bilevel sweep collect`, whose fields are read as `sweep.…` keys).
///
/// A malformed line is an error naming the file and line. The one exception is the **last**
/// line: a file whose writer was killed mid-line ends in a torn record, which is skipped with a
/// warning so the rest of the file stays usable. Blank lines are ignored; a file with no records
/// is an error.
public enum ResultReader {
    /// What was read: the rows in file order and the warnings to show on stderr.
    public struct Contents: Sendable {
        /// The rows of every file, in order.
        public var rows: [ResultRow]
        /// One line per skipped torn last line.
        public var warnings: [String]
    }

    /// Reads every file in order.
    ///
    /// - Throws: ``AnalysisError`` (no files, unreadable file, malformed line, empty file).
    public static func read(_ paths: [String]) throws(AnalysisError) -> Contents {
        guard !paths.isEmpty else { throw .badOption("no result files given") }
        var contents = Contents(rows: [], warnings: [])
        for path in paths {
            let file = try read(path)
            contents.rows += file.rows
            contents.warnings += file.warnings
        }
        return contents
    }

    /// Reads one file; see ``read(_:)-([String])``.
    public static func read(_ path: String) throws(AnalysisError) -> Contents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "is a directory") }
        guard ResultFile.Format.inferred(from: path) == .jsonLines else {
            throw .unreadable(file: path, reason: "CSV is not read back; use the JSON Lines of --output FILE.jsonl")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, reason: "permission denied or read error")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses JSON Lines `text` as if read from `file` (for messages).
    public static func parse(_ text: String, file: String) throws(AnalysisError) -> Contents {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lastContentLine = lines.lastIndex { !$0.allSatisfy(\.isWhitespace) }
        var contents = Contents(rows: [], warnings: [])
        for (index, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            do throws(AnalysisError) {
                contents.rows.append(
                    ResultRow(file: file, line: index + 1, fields: try fields(of: line, file: file, line: index + 1)))
            } catch {
                guard index == lastContentLine, case .malformedLine(_, _, let reason) = error else { throw error }
                contents.warnings.append("warning: \(file):\(index + 1): skipped a torn last line (\(reason))")
            }
        }
        guard !contents.rows.isEmpty else { throw .empty(file: file) }
        return contents
    }

    private static func fields(of line: Substring, file: String, line number: Int) throws(AnalysisError)
        -> [String: MetricValue]
    {
        let object: [String: JSONField]
        do {
            object = try JSONDecoder().decode([String: JSONField].self, from: Data(line.utf8))
        } catch let error as DecodingError {
            throw .malformedLine(file: file, line: number, reason: reason(error))
        } catch {
            throw .malformedLine(file: file, line: number, reason: "not a JSON object")
        }
        var fields: [String: MetricValue] = [:]
        for (key, field) in object { field.flatten(into: &fields, key: key) }
        return fields
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty: return "not a JSON object"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            return "field '\(context.codingPath.last?.stringValue ?? "?")' is not a number, string, boolean or null"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "field '\(context.codingPath.last?.stringValue ?? "?")' is not a number, string, boolean or null"
        default: return "invalid JSON"
        }
    }
}

/// A field of a result record: a scalar, or an object of fields, such as the `"sweep"` tag that
/// `bilevel sweep collect` adds (`{"name":…,"task":…,"params":{…}}`). Objects are read as
/// dotted keys (`sweep.name`, `sweep.params.seed`); arrays are refused.
private enum JSONField: Decodable {
    case scalar(MetricValue)
    case object([String: JSONField])

    init(from decoder: any Decoder) throws {
        if let object = try? [String: JSONField](from: decoder) {
            self = .object(object)
        } else {
            self = .scalar(try JSONScalar(from: decoder).value)
        }
    }

    func flatten(into fields: inout [String: MetricValue], key: String) {
        switch self {
        case .scalar(let value): fields[key] = value
        case .object(let object):
            for (name, field) in object { field.flatten(into: &fields, key: key + "." + name) }
        }
    }
}

/// A scalar JSON value: what result records hold.
private struct JSONScalar: Decodable {
    let value: MetricValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .float(.nan, format: .shortest)
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else if let double = try? container.decode(Double.self) {
            value = .float(double, format: .shortest)
        } else {
            value = .string(try container.decode(String.self))
        }
    }
}
