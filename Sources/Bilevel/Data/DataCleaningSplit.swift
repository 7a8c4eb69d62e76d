/// The benchopt data-cleaning split and label corruption (METHODS.md §3.1), drawn from numpy's
/// legacy `RandomState(32)` exactly as `benchmark_bilevel/datasets/mnist.py` does.
///
/// sklearn's `train_test_split(X, y, test_size=5000, train_size=20000, random_state=rng)` draws
/// `perm = rng.permutation(60000)`; validation = `perm[0 ..< 5000]`, train =
/// `perm[5000 ..< 25000]`. The same generator then draws `mask = rng.rand(20000) < p` and, for the
/// masked train positions in increasing order, a new label `rng.randint(0, 10)` (it may equal the
/// true label, so the effective noise is 0.9·p). For seed 32 and p = 0.5, 10045 samples are masked.
public struct DataCleaningSplit: Sendable, Equatable {
    /// Corruption probability p.
    public let corruption: Double
    /// The `RandomState` seed (32 in benchopt).
    public let seed: UInt32
    /// Indices into the 60000 training images of the train rows, in sample order.
    public let trainIndices: [Int]
    /// Indices of the validation rows.
    public let validationIndices: [Int]
    /// For each train row, its drawn label when masked, else nil.
    public let replacementLabels: [Int?]

    /// Draws the split and the corruption.
    ///
    /// - Parameters:
    ///   - corruption: p in [0, 1].
    ///   - seed: `RandomState` seed (benchopt: 32).
    ///   - sampleCount: images to split (60000).
    ///   - trainCount: train rows (20000).
    ///   - validationCount: validation rows (5000).
    public init(corruption: Double, seed: UInt32 = 32, sampleCount: Int = 60_000,
                trainCount: Int = 20_000, validationCount: Int = 5_000) {
        precondition((0...1).contains(corruption), "corruption \(corruption) outside [0, 1]")
        precondition(trainCount + validationCount <= sampleCount, "split larger than the \(sampleCount) samples")
        var rng = NumpyRandomState(seed: seed)
        let permutation = rng.permutation(sampleCount)
        validationIndices = Array(permutation[0..<validationCount])
        trainIndices = Array(permutation[validationCount..<(validationCount + trainCount)])
        let mask = (0..<trainCount).map { _ in rng.randomSample() < corruption }
        replacementLabels = mask.map { $0 ? rng.randint(0, 10) : nil }
        self.corruption = corruption
        self.seed = seed
    }

    /// Number of masked (re-labelled) train rows.
    public var maskedCount: Int { replacementLabels.count { $0 != nil } }

    /// The train labels after corruption, given the true labels of all images.
    public func corruptedTrainLabels(trueLabels: [UInt8]) -> [Int] {
        zip(trainIndices, replacementLabels).map { index, replacement in replacement ?? Int(trueLabels[index]) }
    }
}
