/// Why result files could not be analysed: each case is one line for the user that names the
/// file (and line) and what would be valid.
public enum AnalysisError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// A line that is not a JSON object (only the last line of a file may be torn).
    case malformedLine(file: String, line: Int, reason: String)
    /// The file holds no records at all.
    case empty(file: String)
    /// The inputs hold no records of the kind the command needs.
    case nothingToAnalyse(String)
    /// A record lacks a field the analysis needs, or has it with the wrong type.
    case badField(file: String, line: Int, key: String, expected: String)
    /// A flag value the analysis cannot use.
    case badOption(String)

    /// One line for the user.
    public var description: String { text.escapingControlCharacters }

    /// The message before control characters in quoted user text are escaped.
    private var text: String {
        switch self {
        case .unreadable(let file, let reason): return "cannot read '\(file)': \(reason)"
        case .malformedLine(let file, let line, let reason): return "\(file):\(line): malformed record: \(reason)"
        case .empty(let file): return "'\(file)' holds no records (expected JSON Lines from --output)"
        case .nothingToAnalyse(let text): return text
        case .badField(let file, let line, let key, let expected):
            return "\(file):\(line): field '\(key)' must be \(expected)"
        case .badOption(let text): return text
        }
    }
}
