extension HyperCleaningData {
    /// SHA-256 (hexadecimal) of the data a run actually uses: the width, features (Float32
    /// bytes) and labels of the training, validation and test splits, then the clean flags.
    ///
    /// Recorded in version-2 checkpoints so that resuming with another data file (or a different
    /// split) is refused. About 63 MB are hashed for the MNIST splits (a fraction of a second).
    public func digest() -> String {
        var hasher = SHA256()
        for samples in [train, validation, test] {
            withUnsafeBytes(of: Int64(samples.features).littleEndian) { hasher.update($0) }
            hasher.update(
                UnsafeRawBufferPointer(
                    start: samples.matrix, count: samples.rows * samples.features * MemoryLayout<Float>.stride))
            samples.labels.withUnsafeBytes { hasher.update($0) }
        }
        cleanFlags.withUnsafeBytes { hasher.update($0) }
        return hasher.hexDigest()
    }
}
