/// Whether the dataset files in a data directory are present and intact: for each catalog file,
/// present or not, its size, and whether its sha256 matches.
///
/// A file whose length is wrong is reported `bad` without hashing it (a different length cannot
/// have the expected digest). Reading is streamed, so checking uses constant memory.
///
/// ```swift
/// let check = DatasetCheck(directory: .resolve(option: nil))
/// for entry in check.entries { print(entry) }
/// if !check.allOK { /* run `make data` */ }
/// ```
///
/// See also ``DatasetFile/catalog``, ``DataDirectory``.
public struct DatasetCheck: Sendable {
    /// The outcome for a file's sha256, as `bilevel data check` prints it.
    public enum DigestStatus: String, Sendable, Equatable {
        /// The digest matches the catalog.
        case ok
        /// The file is present but its length or digest differs, or it cannot be read.
        case bad
        /// There is no file.
        case missing
    }

    /// What was found for one catalog file.
    public enum Status: Sendable, Equatable {
        /// Present with the expected length and sha256.
        case ok
        /// No file at the path.
        case missing
        /// Present with a different length (not hashed).
        case wrongSize(actualBytes: Int)
        /// Present with the expected length but a different sha256.
        case wrongDigest(actual: String)
        /// Present but not a readable regular file.
        case unreadable(DataError)
    }

    /// The result for one catalog file.
    public struct Entry: Sendable, Equatable, CustomStringConvertible {
        /// The catalog entry checked.
        public let file: DatasetFile
        /// Where the file was looked for.
        public let path: String
        /// What was found.
        public let status: Status
        /// The file's length in bytes, or `nil` when it is missing or unreadable.
        public let byteCount: Int?

        /// Whether something exists at ``path``.
        public var isPresent: Bool { status != .missing }

        /// `ok`, `bad` or `missing`.
        public var digest: DigestStatus {
            switch status {
            case .ok: .ok
            case .missing: .missing
            case .wrongSize, .wrongDigest, .unreadable: .bad
            }
        }

        /// Whether the file is present with the expected length and digest.
        public var isOK: Bool { status == .ok }

        /// One line: dataset, file, present or missing, size, sha256 status, and what is wrong.
        ///
        /// For example `mnist          train-images-idx3-ubyte   present   47040016 bytes  sha256 ok`.
        public var description: String {
            let size = byteCount.map { "\($0) bytes" } ?? "-"
            var line =
                pad(file.dataset.directoryName, 14) + " " + pad(file.name, 25) + " "
                + pad(isPresent ? "present" : "missing", 9) + " " + pad(size, 15)
                + " sha256 \(digest.rawValue)"
            switch status {
            case .ok, .missing:
                break
            case .wrongSize(let actual):
                line += " (expected \(file.byteCount) bytes, found \(actual))"
            case .wrongDigest(let actual):
                line += " (got \(actual))"
            case .unreadable(let error):
                line += " (\(error))"
            }
            return line
        }
    }

    /// The directory checked.
    public let directory: DataDirectory
    /// One entry per catalog file, in catalog order.
    public let entries: [Entry]

    /// Checks every file of the given datasets (hashing each present file of the right length).
    ///
    /// - Parameters:
    ///   - directory: the data directory.
    ///   - datasets: which datasets to check; all by default.
    public init(directory: DataDirectory, datasets: [Dataset] = Dataset.allCases) {
        self.init(directory: directory, files: datasets.flatMap(\.files))
    }

    /// Checks an explicit list of files (tests use small files of their own).
    init(directory: DataDirectory, files: [DatasetFile]) {
        self.directory = directory
        self.entries = files.map { Self.check($0, at: directory.path(of: $0)) }
    }

    /// Whether every checked file is present and intact.
    public var allOK: Bool { entries.allSatisfy(\.isOK) }

    /// Checks one file against its catalog entry.
    static func check(_ file: DatasetFile, at path: String) -> Entry {
        let byteCount: Int
        do {
            let opened = try DataFile.open(path)
            try? opened.handle.close()
            byteCount = opened.byteCount
        } catch .fileNotFound {
            return Entry(file: file, path: path, status: .missing, byteCount: nil)
        } catch {
            return Entry(file: file, path: path, status: .unreadable(error), byteCount: nil)
        }
        if byteCount != file.byteCount {
            return Entry(
                file: file, path: path, status: .wrongSize(actualBytes: byteCount),
                byteCount: byteCount)
        }
        let digest: String
        do {
            digest = try DataFile.sha256HexDigest(of: path)
        } catch {
            return Entry(file: file, path: path, status: .unreadable(error), byteCount: byteCount)
        }
        let status: Status = digest == file.sha256 ? .ok : .wrongDigest(actual: digest)
        return Entry(file: file, path: path, status: status, byteCount: byteCount)
    }
}

/// `text` padded with spaces to at least `width` characters.
private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
