import ArgumentParser

/// `bilevel data`: commands about the datasets in the data directory.
///
/// Each subcommand lives in its own file as an extension, `DataCommand+<Name>.swift`
/// (`DataCommand+Check.swift` holds `check`). To add one, write that file and list its type in
/// `subcommands` below; shared options such as `--data-dir` come from ``DataOptions``.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Check the datasets (MNIST, Fashion-MNIST) and print split digests.",
        discussion: "Fetch them with `make data` (scripts/fetch-datasets).",
        subcommands: [
            Check.self, Split.self,
        ]
    )
}
