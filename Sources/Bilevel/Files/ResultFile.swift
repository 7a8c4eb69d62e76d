#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A result file written atomically and durably: lines go to a temporary file in the same
/// directory, which ``commit()`` flushes, `fsync`s and renames onto the final path, then `fsync`s
/// the directory (so a kill or a power cut never leaves a partial file under the final name).
///
/// A reader never sees half a file, and a run that fails (or a ``ResultFile`` dropped without
/// ``commit()``) leaves nothing behind: the temporary file is removed and an existing file at the
/// final path is untouched. The temporary file is `<path>.tmp`; same directory, so the rename is
/// atomic (POSIX `rename`).
///
/// In ``Format/csv`` the records are kept until ``commit()``, which writes them as one table
/// (``CSVTable``): the header needs every record's keys.
///
/// ```swift
/// let file = try ResultFile(path: "toy.jsonl")   // fails now if the directory is not writable
/// for record in records { try file.append(record) }
/// try file.commit()
/// ```
public final class ResultFile {
    /// The final path.
    public let path: String
    /// Where lines are written until ``commit()``.
    public let temporaryPath: String
    /// JSON Lines or CSV.
    public let format: Format
    private var handle: UnsafeMutablePointer<FILE>?
    private var pendingRecords: [MetricsRecord] = []

    /// How records are written.
    public enum Format: Sendable, Equatable {
        /// One JSON object per line (``MetricsRecord/jsonObject``), written as records arrive.
        case jsonLines
        /// One CSV table (``CSVTable``), written at ``ResultFile/commit()``.
        case csv

        /// `.csv` for a path ending in `.csv` (any case), else `.jsonLines`.
        public static func inferred(from path: String) -> Format {
            path.lowercased().hasSuffix(".csv") ? .csv : .jsonLines
        }
    }

    /// Creates the temporary file next to `path`.
    ///
    /// - Parameters:
    ///   - path: the final file; its directory must exist and be writable.
    ///   - format: how ``append(_:)`` writes records (default JSON Lines).
    /// - Throws: ``ResultFileError/cannotCreate(path:reason:)`` (empty path, missing directory,
    ///   no permission).
    public init(path: String, format: Format = .jsonLines) throws(ResultFileError) {
        guard !path.isEmpty else { throw .cannotCreate(path: path, reason: "empty path") }
        if path.hasSuffix("/") { throw .cannotCreate(path: path, reason: "is a directory") }
        self.path = path
        self.format = format
        temporaryPath = path + ".tmp"
        guard let opened = fopen(temporaryPath, "we") else {  // e: close-on-exec, children never inherit it
            throw .cannotCreate(path: path, reason: AtomicFile.errorText())
        }
        handle = opened
    }

    deinit { discard() }

    /// Appends one record: a JSON object on its own line, or (CSV) a row of the table written
    /// at ``commit()``.
    ///
    /// - Throws: ``ResultFileError/writeFailed(path:reason:)``; the file is then discarded.
    public func append(_ record: MetricsRecord) throws(ResultFileError) {
        switch format {
        case .jsonLines: try append(line: record.jsonObject)
        case .csv:
            guard handle != nil else { throw .writeFailed(path: path, reason: "file already closed") }
            pendingRecords.append(record)
        }
    }

    /// Appends `line` and a newline.
    ///
    /// - Throws: ``ResultFileError/writeFailed(path:reason:)`` (also after ``commit()``).
    public func append(line: String) throws(ResultFileError) {
        guard let handle else { throw .writeFailed(path: path, reason: "file already closed") }
        if fputs(line + "\n", handle) < 0 {
            let reason = AtomicFile.errorText()
            discard()
            throw .writeFailed(path: path, reason: reason)
        }
    }

    /// Flushes, `fsync`s, closes and renames the temporary file onto ``path``, then `fsync`s the
    /// directory.
    ///
    /// - Throws: ``ResultFileError/writeFailed(path:reason:)``; nothing is left behind then.
    public func commit() throws(ResultFileError) {
        if format == .csv, !pendingRecords.isEmpty {
            let records = pendingRecords
            pendingRecords = []
            for line in CSVTable.lines(records) { try append(line: line) }
        }
        guard let handle else { throw .writeFailed(path: path, reason: "file already closed") }
        self.handle = nil
        var failure: String?
        if fflush(handle) != 0 { failure = AtomicFile.errorText() }
        if failure == nil && fsync(fileno(handle)) != 0 { failure = "fsync failed: \(AtomicFile.errorText())" }
        if fclose(handle) != 0 && failure == nil { failure = "close failed: \(AtomicFile.errorText())" }
        if failure == nil && rename(temporaryPath, path) != 0 { failure = AtomicFile.errorText() }
        if let failure {
            unlink(temporaryPath)
            throw .writeFailed(path: path, reason: failure)
        }
        AtomicFile.syncDirectory(of: path)
    }

    /// Closes and removes the temporary file without touching ``path``; safe to call twice.
    public func discard() {
        guard let handle else { return }
        self.handle = nil
        fclose(handle)
        unlink(temporaryPath)
    }

    /// Writes `lines` to `path` atomically (one ``ResultFile``, appended and committed).
    ///
    /// - Throws: ``ResultFileError``; no file is written then.
    public static func write(lines: [String], to path: String) throws(ResultFileError) {
        let file = try ResultFile(path: path)
        for line in lines { try file.append(line: line) }
        try file.commit()
    }

    /// Writes `records` to `path` atomically as JSON Lines.
    ///
    /// - Throws: ``ResultFileError``; no file is written then.
    public static func write(records: [MetricsRecord], to path: String) throws(ResultFileError) {
        try write(lines: records.map(\.jsonObject), to: path)
    }
}

/// Why a result file could not be written.
public enum ResultFileError: Error, CustomStringConvertible, Equatable {
    /// The temporary file next to `path` could not be created.
    case cannotCreate(path: String, reason: String)
    /// Writing, closing or renaming failed.
    case writeFailed(path: String, reason: String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason):
            return "cannot create output file '\(path)': \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write output file '\(path)': \(reason)"
        }
    }
}
