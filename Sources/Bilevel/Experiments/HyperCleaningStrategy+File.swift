import Foundation

extension HyperCleaningStrategy {
    /// Reads a strategy JSON file (`--strategy FILE`): the benchmark's keys, any subset of them
    /// besides `method`. Not validated here: flags may still override fields
    /// (``validate()`` runs on the result).
    ///
    /// - Throws: ``HyperCleaningStrategyError/unreadableFile(path:reason:)``.
    public static func load(path: String) throws(HyperCleaningStrategyError) -> HyperCleaningStrategy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, reason: "no such file or not readable")
        }
        return try parse(data, path: path)
    }

    /// Parses a strategy JSON document; `path` names it in the error.
    ///
    /// - Throws: ``HyperCleaningStrategyError/unreadableFile(path:reason:)`` with a one-line reason.
    public static func parse(_ data: Data, path: String) throws(HyperCleaningStrategyError) -> HyperCleaningStrategy {
        do {
            return try JSONDecoder().decode(HyperCleaningStrategy.self, from: data)
        } catch {
            throw .unreadableFile(path: path, reason: "not a strategy JSON object (\(decodingSummary(error)))")
        }
    }
}

/// One line saying why JSON decoding failed: the missing key, the field of the wrong type, or
/// "invalid JSON" (Foundation's own descriptions span several lines and name internal types).
func decodingSummary(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
        return "wrong type at '\(context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "."))'"
    default: return "invalid JSON"
    }
}
