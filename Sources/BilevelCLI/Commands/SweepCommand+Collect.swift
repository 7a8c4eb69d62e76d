import ArgumentParser
import Bilevel

/// `bilevel sweep collect DIR`: every finished task's records in one JSON Lines file.
struct SweepCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract:
            "Merge a sweep's results into one JSON Lines file (for bilevel summarize / report).",
        discussion: """
            Lines keep their task order; each carries a "sweep" object with the sweep name, the \
            task index and hash, the command and the task's parameters. Fails (and writes nothing) \
            while tasks of the manifest are unfinished, unless --partial.
            """)

    @Argument(help: ArgumentHelp("The sweep's directory.", valueName: "dir"))
    var directory: String

    @Option(
        help: ArgumentHelp(
            "Write the merged lines here (atomically) instead of to stdout.",
            valueName: "file.jsonl"))
    var output: String?

    @Flag(help: "Collect the finished tasks even if some are missing.")
    var partial = false

    @Flag(
        name: .customLong("final-only"),
        help: "Keep only each task's final record (one line per trial: its metrics and parameters).")
    var finalOnly = false

    func run() throws {
        let collection = try SweepCollector(directory: SweepDirectory(root: directory)).collect()
        let total = collection.collected + collection.missing.count
        if !collection.missing.isEmpty && !partial {
            throw SweepError.io(
                path: directory,
                reason: "\(collection.missing.count) of \(total) tasks have no result yet (tasks "
                    + "\(collection.missing.prefix(20).map(String.init).joined(separator: ", "))"
                    + "\(collection.missing.count > 20 ? ", …" : "")); --partial collects the finished ones"
            )
        }
        let lines = finalOnly ? collection.lines.filter(Self.isFinalRecord) : collection.lines
        if let output {
            try ResultFile.write(lines: lines, to: output)
        } else {
            for line in lines { print(line) }
        }
        printToStandardError(
            "collected \(collection.collected) of \(total) tasks (\(lines.count) records)"
        )
    }

    /// Whether a result line is a final record.
    static func isFinalRecord(_ line: String) -> Bool { SweepCollector.finalRecord(in: line) != nil }
}
