import Foundation

extension HyperCleaningStrategy {
    /// SHA-256 (hexadecimal) of the strategy's JSON with sorted keys: equal strategies have equal
    /// digests. Recorded in checkpoints, so a resume with another strategy is refused by name.
    public var digest: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding fails only for a non-finite number, which validation refuses; describe it then.
        let bytes = (try? encoder.encode(self)).map { [UInt8]($0) } ?? Array(String(describing: self).utf8)
        return SHA256.hexDigest(of: bytes)
    }
}
