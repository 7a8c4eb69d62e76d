import Foundation

/// Opening and reading dataset files, with every failure mapped to a ``DataError`` that names
/// the path.
///
/// Shared by ``IDXFile`` and ``DatasetCheck`` so that "missing", "a directory" and "unreadable"
/// read the same everywhere.
enum DataFile {
    /// An open file and its length in bytes; the caller closes `handle`.
    struct Opened {
        let handle: FileHandle
        let byteCount: Int
    }

    /// Opens a regular file for reading and measures it.
    ///
    /// - Throws: ``DataError/fileNotFound(path:)``, ``DataError/notARegularFile(path:)`` or
    ///   ``DataError/unreadable(path:reason:)``.
    static func open(_ path: String) throws(DataError) -> Opened {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        if isDirectory.boolValue { throw .notARegularFile(path: path) }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: oneLine(error))
        }
        let end: UInt64
        do {
            end = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
        } catch {
            try? handle.close()
            throw .unreadable(path: path, reason: oneLine(error))
        }
        guard let byteCount = Int(exactly: end) else {
            try? handle.close()
            throw .unreadable(path: path, reason: "size \(end) bytes does not fit in Int")
        }
        return Opened(handle: handle, byteCount: byteCount)
    }

    /// Reads up to `count` bytes from the current position (fewer only at the end of the file).
    ///
    /// Allocates at most `count` bytes, so callers bound `count` by the file's real length.
    static func read(_ handle: FileHandle, count: Int, path: String) throws(DataError) -> Data {
        do {
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw .unreadable(path: path, reason: oneLine(error))
        }
    }

    /// The SHA-256 of a whole file, read in chunks of 1 MiB (constant memory).
    ///
    /// - Throws: a ``DataError`` naming `path` when it cannot be opened or read.
    static func sha256HexDigest(of path: String) throws(DataError) -> String {
        let opened = try open(path)
        defer { try? opened.handle.close() }
        var hasher = SHA256()
        while true {
            let chunk = try read(opened.handle, count: 1 << 20, path: path)
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.hexDigest()
    }

    /// A Foundation error's message on one line.
    private static func oneLine(_ error: any Error) -> String {
        error.localizedDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
