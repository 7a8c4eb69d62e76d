import ArgumentParser
import Bilevel
import Foundation

extension DataCommand {
    /// `bilevel data check`: one line per dataset file (present, size, sha256 ok/bad/missing);
    /// exits with 1 when a file is missing or bad, after a one-line hint to run `make data`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that every dataset file is present with the expected size and sha256.",
            discussion: """
                Prints one line per file on stdout: dataset, file, present or missing, size in \
                bytes, sha256 ok, bad or missing. Exits with 1 if any file is missing or bad.
                """
        )

        @OptionGroup var data: DataOptions

        func run() throws {
            let directory = data.directory
            Self.printToStandardError(
                "checking \(directory.path) (from \(directory.source.rawValue))")
            let check = DatasetCheck(directory: directory)
            for entry in check.entries {
                print(entry)
            }
            guard check.allOK else {
                let failed = check.entries.filter { !$0.isOK }.count
                Self.printToStandardError(Self.hint(failedCount: failed, directory: directory))
                throw ExitCode.failure
            }
        }

        /// The one-line hint printed when some files are missing or bad.
        static func hint(failedCount: Int, directory: DataDirectory) -> String {
            let files = failedCount == 1 ? "1 dataset file is" : "\(failedCount) dataset files are"
            let fetch =
                directory.path == DataDirectory.defaultPath
                ? "make data" : "make data DATA_DIR=\(directory.path)"
            let location = directory.path
            return "error: \(files) missing or bad in \(location); run `\(fetch)` to fetch them"
        }

        /// Progress and errors go to stderr; stdout carries only the per-file lines.
        private static func printToStandardError(_ line: String) {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
