import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file writes that are atomic and durable (and the matching whole-file read): a unique temporary file in the same directory,
/// `fsync`, `rename` onto the final name, then `fsync` of the directory.
///
/// A reader (or a re-run after a crash, a SIGKILL or a full disk) sees either the previous file
/// or the complete new one, never a partial file under the final name. The temporary name
/// carries the process id and a counter, so concurrent writers of one path (Slurm array
/// elements) never share a temporary file. Unlike ``ResultFile`` (which streams records of one
/// run), this writes a finished text in one go. Used for checkpoints and sweep files.
enum AtomicFile {
    private static let counter = Atomic<Int>(0)

    /// Why a file could not be written: the final path and the system's reason.
    struct Failure: Error, Equatable {
        /// The final path.
        let path: String
        /// What failed, e.g. "write failed: No space left on device".
        let reason: String
    }

    /// Writes `bytes` to `path` atomically and durably.
    ///
    /// - Throws: ``Failure``; the previous file at `path` (if any) is untouched and no temporary
    ///   file is left behind then.
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let temporary = "\(path).tmp.\(getpid()).\(counter.add(1, ordering: .relaxed).newValue)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(path: path, reason: "cannot create: \(errorText())")
        }
        var failure = writeAll(bytes, to: descriptor)
        if failure == nil && fsync(descriptor) != 0 { failure = "fsync failed: \(errorText())" }
        if close(descriptor) != 0 && failure == nil { failure = "close failed: \(errorText())" }
        if failure == nil && rename(temporary, path) != 0 {
            failure = "rename failed: \(errorText())"
        }
        if let failure {
            unlink(temporary)
            throw Failure(path: path, reason: failure)
        }
        syncDirectory(of: path)
    }

    /// Writes every byte to `descriptor`, retrying short writes and `EINTR`.
    ///
    /// - Returns: nil, or what failed ("write failed: No space left on device").
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                systemWrite(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return "write failed: \(errorText())" }
            offset += written
        }
        return nil
    }

    /// Reads the whole regular file at `path` (POSIX `read`, at most its `fstat` size plus what
    /// a concurrent writer appends; Foundation's `Data(contentsOf:)` leaks on an empty file).
    ///
    /// - Throws: ``Failure`` ("no such file", "not a regular file", a read error).
    static func read(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, reason: errorText()) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(path: path, reason: errorText()) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw Failure(path: path, reason: "not a regular file") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw Failure(path: path, reason: "read failed: \(errorText())") }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    /// Checks that a file can be created next to `path` (the directory exists, is writable and
    /// not on a read-only file system) by creating and removing a probe file; root bypasses
    /// permission bits, so `access(2)` alone would not do.
    ///
    /// - Throws: ``Failure`` with the system's reason.
    static func checkWritable(_ path: String) throws(Failure) {
        let probe = "\(path).tmp.\(getpid()).probe"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(path: path, reason: "cannot create a file there: \(errorText())")
        }
        close(descriptor)
        unlink(probe)
    }

    /// Removes the temporary files of `path` (`path.tmp.<pid>.<n>`) left by writers that were
    /// killed mid-write (a SIGKILL or power loss skips the `unlink`): those whose process no
    /// longer exists on this machine. Only for files with one writer at a time, such as a run's
    /// checkpoint: a process id is only meaningful on its own node, so shared sweep files on a
    /// cluster file system must not be cleaned this way.
    ///
    /// - Returns: the paths removed.
    @discardableResult
    static func removeStaleTemporaries(of path: String) -> [String] {
        let slash = path.lastIndex(of: "/")
        let directory = directory(of: path)
        let prefix = (slash.map { String(path[path.index(after: $0)...]) } ?? path) + ".tmp."
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var removed: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix(prefix),
                let pid = name.dropFirst(prefix.count).split(separator: ".").first.flatMap({ Int32($0) }),
                pid > 0, kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let stale = (slash == nil ? "" : String(path[...slash!])) + name
            if unlink(stale) == 0 { removed.append(stale) }
        }
        return removed
    }

    /// Flushes the directory entry of `path` (the rename) to disk; best effort.
    static func syncDirectory(of path: String) {
        let descriptor = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The directory holding `path`: "." for a bare name, "/" for a file at the root.
    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
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

/// POSIX `read` (inside ``AtomicFile`` the name means its own method).
private func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, bytes, count)
}
