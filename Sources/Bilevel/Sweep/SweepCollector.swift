import Foundation

/// Merges the result files of a sweep directory into one JSON Lines text.
///
/// With a manifest the tasks come in index order and missing ones are listed; without one, every
/// `results/*.jsonl` is taken, ordered by the task index in its tags. Every line already carries
/// its task's `"sweep"` tag (name, task, hash, command, params), so the merged file feeds
/// `bilevel summarize` / `bilevel report` directly.
public struct SweepCollector: Sendable {
    /// The merged lines and what was missing.
    public struct Collection: Sendable, Equatable {
        /// Every line of every finished task, in task order (no trailing newlines).
        public var lines: [String]
        /// Tasks with a result.
        public var collected: Int
        /// Tasks of the manifest with no result yet, by index.
        public var missing: [Int]
    }

    /// The directory to collect.
    public var directory: SweepDirectory

    /// A collector of `directory`.
    public init(directory: SweepDirectory) { self.directory = directory }

    /// Reads every result file.
    ///
    /// - Throws: ``SweepError/io(path:reason:)`` when the directory has no results folder or a
    ///   file cannot be read.
    public func collect() throws(SweepError) -> Collection {
        guard FileManager.default.fileExists(atPath: directory.resultsDirectory) else {
            throw .io(path: directory.root, reason: "not a sweep directory (no results/ in it)")
        }
        if let hashes = try directory.manifestHashes() {
            var collection = Collection(lines: [], collected: 0, missing: [])
            for (index, hash) in hashes.enumerated() {
                let path = directory.resultPath(hash: hash)
                guard FileManager.default.fileExists(atPath: path) else {
                    collection.missing.append(index)
                    continue
                }
                collection.lines += try lines(of: path)
                collection.collected += 1
            }
            return collection
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.resultsDirectory)
        } catch {
            throw .io(path: directory.resultsDirectory, reason: error.localizedDescription)
        }
        var files: [(index: Int, lines: [String])] = []
        for name in names.sorted() where name.hasSuffix(".jsonl") {
            let lines = try lines(of: "\(directory.resultsDirectory)/\(name)")
            files.append((Self.taskIndex(of: lines.first) ?? Int.max, lines))
        }
        files.sort { $0.index < $1.index }
        return Collection(lines: files.flatMap(\.lines), collected: files.count, missing: [])
    }

    private func lines(of path: String) throws(SweepError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: "cannot read")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The `sweep.task` of a tagged line.
    static func taskIndex(of line: String?) -> Int? {
        guard let line,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let tag = object["sweep"] as? [String: Any]
        else { return nil }
        return tag["task"] as? Int
    }

    /// The JSON object of a result line when it is a final record (`"record": "final"`), else nil.
    public static func finalRecord(in line: some StringProtocol) -> [String: Any]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            object["record"] as? String == "final"
        else { return nil }
        return object
    }
}
