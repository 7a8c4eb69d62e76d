import Foundation

/// The directory that holds the datasets (`mnist/`, `fashion-mnist/`), and where its path came
/// from.
///
/// Resolution order (``resolve(option:environment:)``): an explicit `--data-dir` value, else the
/// environment variable `BILEVEL_DATA`, else `./data`. `make data` fills `./data`, and `make test`
/// passes its absolute path in `BILEVEL_DATA`. Paths stay as given (relative stays relative) so
/// messages name files the way the user typed them.
///
/// See also ``Dataset``, ``DatasetCheck``.
public struct DataDirectory: Sendable, Equatable {
    /// Where a data directory's path came from.
    public enum Source: String, Sendable {
        /// The `--data-dir` option.
        case option = "--data-dir"
        /// The `BILEVEL_DATA` environment variable.
        case environment = "BILEVEL_DATA"
        /// Neither was given: `./data`.
        case defaultPath = "default"
    }

    /// The environment variable consulted when no `--data-dir` is given.
    public static let environmentVariable = "BILEVEL_DATA"
    /// The directory used when neither `--data-dir` nor `BILEVEL_DATA` is set.
    public static let defaultPath = "data"

    /// The directory's path as given.
    public let path: String
    /// Where ``path`` came from.
    public let source: Source

    /// A data directory at a known path.
    ///
    /// - Parameters:
    ///   - path: the directory.
    ///   - source: where the path came from (for messages).
    public init(path: String, source: Source = .option) {
        self.path = path
        self.source = source
    }

    /// Finds the data directory: `option`, else `BILEVEL_DATA`, else `./data`.
    ///
    /// Empty values count as not given.
    ///
    /// - Parameters:
    ///   - option: the `--data-dir` value, if any.
    ///   - environment: the process environment (a parameter so tests can pass their own).
    /// - Returns: the directory and where its path came from.
    public static func resolve(
        option: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DataDirectory {
        if let option, !option.isEmpty {
            return DataDirectory(path: option, source: .option)
        }
        if let value = environment[environmentVariable], !value.isEmpty {
            return DataDirectory(path: value, source: .environment)
        }
        return DataDirectory(path: defaultPath, source: .defaultPath)
    }

    /// The directory of one dataset, e.g. `data/mnist`.
    public func path(of dataset: Dataset) -> String {
        join(path, dataset.directoryName)
    }

    /// The path of one catalog file, e.g. `data/mnist/train-images-idx3-ubyte`.
    public func path(of file: DatasetFile) -> String {
        join(path(of: file.dataset), file.name)
    }

    /// Reads one split's images, validated (see ``IDXFile/readImages(at:)``).
    ///
    /// - Throws: a ``DataError`` naming the file; a missing file's message says to run
    ///   `make data`.
    public func images(_ dataset: Dataset, _ split: DatasetSplit) throws(DataError) -> IDXImages {
        try IDXFile.readImages(at: path(of: dataset.file(split, .images)))
    }

    /// Reads one split's labels, validated (see ``IDXFile/readLabels(at:)``).
    ///
    /// - Throws: a ``DataError`` naming the file; a missing file's message says to run
    ///   `make data`.
    public func labels(_ dataset: Dataset, _ split: DatasetSplit) throws(DataError) -> IDXLabels {
        try IDXFile.readLabels(at: path(of: dataset.file(split, .labels)))
    }

    private func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
