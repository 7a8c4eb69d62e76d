import ArgumentParser
import Bilevel

/// The `--data-dir` option shared by every command that reads the datasets.
///
/// Include it with `@OptionGroup var data: DataOptions` and use ``directory``: the option's
/// value, else `BILEVEL_DATA`, else `./data` (see `DataDirectory.resolve(option:environment:)`).
struct DataOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Directory holding mnist/ and fashion-mnist/ (default: $BILEVEL_DATA, else ./data).",
            valueName: "dir"))
    var dataDir: String?

    func validate() throws {
        if let dataDir, dataDir.isEmpty {
            throw ValidationError(
                "--data-dir needs a directory; omit it to use $BILEVEL_DATA or ./data")
        }
    }

    /// The data directory these options select.
    var directory: DataDirectory {
        DataDirectory.resolve(option: dataDir)
    }
}
