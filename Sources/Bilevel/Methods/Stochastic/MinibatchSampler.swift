/// benchopt's minibatch sampler (METHODS.md §1.3): batch indices of a ``BatchPartition`` in a
/// random order, re-drawn after every pass; each ``next()`` consumes one batch.
///
/// The order is `permutation(nb)` of the project's ``NumpyRandomState`` (bit-exact JAX threefry is
/// not a goal). benchopt's extra repeated draw at the end of each pass is not copied.
public struct MinibatchSampler: Sendable {
    /// Number of batches nb.
    public let batchCount: Int
    private var random: NumpyRandomState
    private var order: [Int]
    private var position: Int

    /// A sampler over `batchCount` batches seeded with `seed`.
    public init(batchCount: Int, seed: UInt32) {
        precondition(batchCount >= 1, "a sampler needs at least one batch")
        self.batchCount = batchCount
        random = NumpyRandomState(seed: seed)
        order = random.permutation(batchCount)
        position = 0
    }

    /// The next batch index (a new random order starts after every `batchCount` draws).
    public mutating func next() -> Int {
        if position == batchCount {
            // Fisher–Yates over the previous order: the same distribution as a fresh
            // permutation(nb), without allocating.
            random.shuffle(&order)
            position = 0
        }
        defer { position += 1 }
        return order[position]
    }

    /// The inner and outer samplers of a solver run: independent streams 2·seed and 2·seed + 1.
    public static func pair(for problem: any StochasticBilevelProblem, seed: Int)
        -> (inner: MinibatchSampler, outer: MinibatchSampler)
    {
        let base = UInt32(truncatingIfNeeded: 2 &* seed)
        return (MinibatchSampler(batchCount: problem.innerBatches.count, seed: base),
                MinibatchSampler(batchCount: problem.outerBatches.count, seed: base &+ 1))
    }
}
