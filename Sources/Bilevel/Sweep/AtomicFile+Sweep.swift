/// Sweep files (results, manifests) written through ``AtomicFile``, failing with the sweep's error.
extension AtomicFile {
    /// Writes `text` to `path` atomically and durably.
    ///
    /// - Throws: ``SweepError/io(path:reason:)``; no file is left at `path` or at the temporary
    ///   name then.
    static func write(_ text: String, to path: String) throws(SweepError) {
        do {
            try write(Array(text.utf8), to: path)
        } catch {
            throw .io(path: error.path, reason: error.reason)
        }
    }
}
