/// The minibatches of a data set in its stored order: contiguous slices
/// `[k·b, min(n, (k+1)·b))`, k = 0 ..< ⌈n/b⌉ (METHODS.md §1.3).
///
/// Each batch carries the weight |batch|/n (b/n, and (n mod b)/n for a last partial batch), which
/// SABA's running means use. benchopt's JAX slice clamping (the last batch really holding the last
/// b samples) is a bit-compatibility quirk that is not copied.
public struct BatchPartition: Sendable, Equatable {
    /// Number of samples n.
    public let sampleCount: Int
    /// Batch size b (n for full batches).
    public let batchSize: Int

    /// The partition of `sampleCount` samples into batches of `batchSize`.
    public init(sampleCount: Int, batchSize: Int) {
        precondition(sampleCount >= 1 && (1...sampleCount).contains(batchSize),
                     "batch size \(batchSize) outside 1...\(sampleCount)")
        self.sampleCount = sampleCount
        self.batchSize = batchSize
    }

    /// Number of batches ⌈n/b⌉.
    public var count: Int { (sampleCount + batchSize - 1) / batchSize }

    /// The sample indices of batch `index`.
    public func range(_ index: Int) -> Range<Int> {
        let start = index * batchSize
        return start..<min(sampleCount, start + batchSize)
    }

    /// |batch|/n: the batch's share of the full mean.
    public func weight(_ index: Int) -> Float { Float(range(index).count) / Float(sampleCount) }
}
