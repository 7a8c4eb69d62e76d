import Foundation

/// The committed result fixtures and scratch directories for the summarize/report tests.
enum AnalysisFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/results").path

    /// The path of fixture `name`.
    static func path(_ name: String) -> String { directory + "/" + name }

    /// Every fixture file.
    static let all = [
        "solve-mnist.jsonl", "hyperclean-linear-v_pbgd.jsonl", "hyperclean-linear-g_pbgd.jsonl",
        "hyperclean-linear-t_rhg.jsonl", "toy-v_pbgd.jsonl", "toy-g_pbgd.jsonl",
    ].map(path)

    /// A new empty directory; the caller removes it.
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("analysis-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `directory/name` and returns the path.
    static func write(_ text: String, _ name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
