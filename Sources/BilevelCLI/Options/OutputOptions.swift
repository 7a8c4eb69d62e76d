import ArgumentParser
import Bilevel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Output flags shared by the experiment commands: how records are printed and where they are
/// saved.
struct OutputOptions: ParsableArguments {
    @Flag(
        help:
            "Print each record as its label and a JSON object (TRAIN_METRICS {...}) instead of key=value pairs."
    )
    var json = false

    @Option(
        help: ArgumentHelp(
            "Also write every record to this JSON Lines file, or CSV when the name ends in .csv (atomically: nothing is written if the run fails).",
            valueName: "file.jsonl|file.csv"))
    var output: String?

    @Flag(
        help:
            "Do not print the per-step/per-start TRAIN_METRICS lines (the --output file keeps them)."
    )
    var quiet = false

    func validate() throws {
        if let output, output.isEmpty { throw ValidationError("--output needs a file name") }
    }

    /// Opens the output file now, before any work, so a bad path fails fast; nil without --output.
    func openFile() throws -> ResultFile? {
        guard let output else { return nil }
        return try ResultFile(path: output, format: .inferred(from: output))
    }

    /// Prints `records` (skipping `TRAIN_METRICS` when quiet), one flushed line each, and appends
    /// all of them to `file`.
    func emit(_ records: [MetricsRecord], to file: ResultFile?) throws {
        for record in records {
            if !(quiet && record.label == "TRAIN_METRICS") {
                print(record.line(json: json))
                fflush(nil)  // every line reaches a pipe at once (flushes all C streams)
            }
            try file?.append(record)
        }
    }
}

/// Writes `line` and a newline to standard error (progress and notes; stdout stays for records).
func printToStandardError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
