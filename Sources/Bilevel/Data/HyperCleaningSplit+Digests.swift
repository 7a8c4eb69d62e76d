/// Digests of a split, printed by `bilevel data split` so a user can compare with CPython.
extension HyperCleaningSplit {
    /// SHA-256 of integers written as decimals joined by "," (no spaces, no brackets).
    public static func listDigest(_ values: [Int]) -> String {
        SHA256.hexDigest(of: Array(values.map(String.init).joined(separator: ",").utf8))
    }

    /// `{"seed":S,"train_sha256":…,"val_sha256":…,"test_sha256":…,"labels_sha256":…,"polluted_sha256":…}`:
    /// the three index lists, the 5000 training labels after pollution and the 0/1 polluted flags.
    public func digestJSON(trueLabels: [UInt8]) -> String {
        let fields = [
            ("train_sha256", Self.listDigest(trainIndices)),
            ("val_sha256", Self.listDigest(validationIndices)),
            ("test_sha256", Self.listDigest(testIndices)),
            ("labels_sha256", Self.listDigest(pollutedTrainLabels(trueLabels: trueLabels))),
            ("polluted_sha256", Self.listDigest(pollutedFlags)),
        ]
        return "{\"seed\":\(seed)," + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
    }
}
