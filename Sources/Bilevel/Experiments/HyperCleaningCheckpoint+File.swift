import Foundation

/// The checkpoint file: a header line, then the payload (the checkpoint as JSON with sorted keys).
///
/// ```text
/// BilevelKit checkpoint v2 sha256=<64 hex digits of the payload> bytes=<payload length>
/// {"best":…,"dataDigest":"…","evaluations":[…],…,"version":2}
/// ```
///
/// A version-1 file is the JSON object alone (no header, no checksum); it is still read.
extension HyperCleaningCheckpoint {
    /// The first words of a version-2 header line.
    static let headerMagic = "BilevelKit checkpoint"
    /// Longest header line accepted (the real one is about 120 bytes).
    private static let maximumHeaderLength = 256

    /// Writes the checkpoint as ``currentVersion`` atomically and durably (``AtomicFile``: temp
    /// file, `fsync`, rename, `fsync` of the directory). A failure leaves the previous checkpoint
    /// at `path` intact.
    ///
    /// - Throws: ``CheckpointError/writeFailed(path:reason:)``.
    public func write(to path: String) throws(CheckpointError) {
        var stamped = self
        stamped.version = Self.currentVersion
        stamped.strategyDigest = strategy.digest
        let payload: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            payload = [UInt8](try encoder.encode(stamped))
        } catch {
            throw .writeFailed(path: path, reason: "cannot encode the state (\(decodingSummary(error)))")
        }
        let header = "\(Self.headerMagic) v\(Self.currentVersion) sha256=\(SHA256.hexDigest(of: payload)) bytes=\(payload.count)\n"
        do {
            try AtomicFile.write(Array(header.utf8) + payload, to: path)
        } catch {
            throw .writeFailed(path: path, reason: error.reason)
        }
    }

    /// Checks before a run that a checkpoint can be written at `path` (its directory exists and
    /// is writable), so a long run does not fail at its first checkpoint.
    ///
    /// - Throws: ``CheckpointError/writeFailed(path:reason:)``.
    public static func checkWritable(_ path: String) throws(CheckpointError) {
        do { try AtomicFile.checkWritable(path) } catch { throw .writeFailed(path: path, reason: error.reason) }
    }

    /// Reads a checkpoint written by ``write(to:)`` (version 2) or by an older build (version 1).
    ///
    /// - Throws: ``CheckpointError/unreadable(path:reason:)`` when the file cannot be read,
    ///   ``CheckpointError/corrupted(path:reason:)`` when its content is damaged or invalid.
    public static func read(from path: String) throws(CheckpointError) -> HyperCleaningCheckpoint {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            throw .unreadable(path: path, reason: error.reason == "not a regular file" ? error.reason : "no such file or not readable")
        }
        return try parse(bytes, path: path)
    }

    /// Parses and validates the bytes of a checkpoint file; `path` names it in errors.
    ///
    /// - Throws: ``CheckpointError/corrupted(path:reason:)`` (bad header, checksum or length
    ///   mismatch, invalid JSON, failed ``validate(path:)``).
    public static func parse(_ bytes: [UInt8], path: String) throws(CheckpointError) -> HyperCleaningCheckpoint {
        func corrupted(_ reason: String) -> CheckpointError { .corrupted(path: path, reason: reason) }
        let payload: ArraySlice<UInt8>
        let expectedVersion: Int
        if bytes.starts(with: Self.headerMagic.utf8) {
            (payload, expectedVersion) = try verifiedPayload(of: bytes, path: path)
        } else if bytes.first == UInt8(ascii: "{") {
            (payload, expectedVersion) = (bytes[...], 1)
        } else if bytes.starts(with: [0x1f, 0x8b]) {
            throw corrupted("gzip-compressed; gunzip it first")
        } else {
            throw corrupted("not a BilevelKit checkpoint (no '\(Self.headerMagic)' header and not a version-1 JSON object)")
        }
        let checkpoint: HyperCleaningCheckpoint
        do {
            checkpoint = try JSONDecoder().decode(HyperCleaningCheckpoint.self, from: Data(payload))
        } catch {
            throw corrupted("not a BilevelKit checkpoint (\(decodingSummary(error)))")
        }
        guard checkpoint.version == expectedVersion else {
            throw corrupted("the payload says version \(checkpoint.version), the file is version \(expectedVersion)")
        }
        try checkpoint.validate(path: path)
        return checkpoint
    }

    /// The payload after a version-2 header line, checked against the header's length and SHA-256.
    private static func verifiedPayload(of bytes: [UInt8], path: String) throws(CheckpointError)
        -> (ArraySlice<UInt8>, version: Int)
    {
        func corrupted(_ reason: String) -> CheckpointError { .corrupted(path: path, reason: reason) }
        guard let newline = bytes.prefix(Self.maximumHeaderLength).firstIndex(of: UInt8(ascii: "\n")) else {
            throw corrupted("header line is missing its end")
        }
        let words = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
        guard words.count == 5, words[2].hasPrefix("v"), let version = Int(words[2].dropFirst()) else {
            throw corrupted("malformed header line")
        }
        guard version == Self.currentVersion else { throw corrupted("unsupported version \(version)") }
        guard words[3].hasPrefix("sha256="), words[4].hasPrefix("bytes="),
            let length = Int(words[4].dropFirst("bytes=".count))
        else { throw corrupted("malformed header line") }
        let checksum = String(words[3].dropFirst("sha256=".count))
        let payload = bytes[(newline + 1)...]
        guard payload.count == length else {
            throw corrupted("truncated or extended: the header says \(length) payload bytes, the file has \(payload.count)")
        }
        let actual = SHA256.hexDigest(of: payload)
        guard actual == checksum else {
            throw corrupted("checksum mismatch (payload sha256 \(actual.prefix(12))…, header \(checksum.prefix(12))…): the file is damaged")
        }
        return (payload, version)
    }
}
