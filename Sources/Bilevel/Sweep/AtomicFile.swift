import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file writes that are atomic and durable: a unique temporary file in the same directory,
/// `fsync`, `rename` onto the final name, then `fsync` of the directory.
///
/// A reader (or a re-run after a crash or a kill) sees either no file or the complete one. The
/// temporary name carries the process id and a counter, so concurrent writers of one path
/// (Slurm array elements) never share a temporary file. Unlike ``ResultFile`` (which streams
/// records of one run), this writes a finished text in one go.
enum AtomicFile {
    private static let counter = Atomic<Int>(0)

    /// Writes `text` to `path` atomically and durably.
    ///
    /// - Throws: ``SweepError/io(path:reason:)``; no file is left at `path` or at the temporary
    ///   name then.
    static func write(_ text: String, to path: String) throws(SweepError) {
        let temporary = "\(path).tmp.\(getpid()).\(counter.add(1, ordering: .relaxed).newValue)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .io(path: path, reason: "cannot create: \(errorText())")
        }
        let bytes = Array(text.utf8)
        var offset = 0
        var failure: String?
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                systemWrite(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                failure = "write failed: \(errorText())"
                break
            }
            offset += written
        }
        if failure == nil && fsync(descriptor) != 0 { failure = "fsync failed: \(errorText())" }
        if close(descriptor) != 0 && failure == nil { failure = "close failed: \(errorText())" }
        if failure == nil && rename(temporary, path) != 0 {
            failure = "rename failed: \(errorText())"
        }
        if let failure {
            unlink(temporary)
            throw .io(path: path, reason: failure)
        }
        syncDirectory(of: path)
    }

    /// Flushes the directory entry of `path` (the rename) to disk; best effort.
    static func syncDirectory(of path: String) {
        let directory =
            path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let descriptor = open(
            directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    static func errorText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}

/// POSIX `write` (inside ``AtomicFile`` the name means its own method).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
