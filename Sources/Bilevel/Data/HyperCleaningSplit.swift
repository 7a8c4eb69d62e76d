/// The PBGD hyper-cleaning split and label pollution for one seed (PBGD.md §2.2).
///
/// Exactly the reference RNG call sequence on CPython's generator:
/// `random.seed(seed)`; shuffle `0..<60000`; train = perm[0..<5000], val = perm[5000..<10000],
/// test = perm[10000..<20000] (MNIST training-set indices); shuffle `0..<5000`; for the first
/// 2500 positions Q[t]: dirty label = `randint(0, 9)` (it may equal the true label, quirk Q5) and
/// the sample is flagged polluted. Labels do not influence the random stream, so the split and the
/// polluted positions depend on the seed alone.
public struct HyperCleaningSplit: Sendable, Equatable {
    /// Sizes of the protocol: 5000 train, 5000 validation, 10000 test, pollution rate 0.5.
    public struct Sizes: Sendable, Equatable {
        public var total = 60_000
        public var train = 5_000
        public var validation = 5_000
        public var test = 10_000
        public var pollutionRate = 0.5
        /// The published protocol's sizes.
        public static let paper = Sizes()
        /// Number of polluted training samples, `int(rate · train)` as Python truncates it.
        public var pollutedCount: Int { Int(pollutionRate * Double(train)) }
    }

    /// The seed given to `random.seed`.
    public let seed: Int
    /// MNIST training-set indices of the training split (in order).
    public let trainIndices: [Int]
    /// MNIST training-set indices of the validation split.
    public let validationIndices: [Int]
    /// MNIST training-set indices of the test split.
    public let testIndices: [Int]
    /// For each training position, the replacement label when polluted, else nil.
    public let replacementLabels: [Int?]

    /// Draws the split and pollution for `seed`.
    public init(seed: Int, sizes: Sizes = .paper) {
        var random = PythonRandom(seed: seed)
        var permutation = Array(0..<sizes.total)
        random.shuffle(&permutation)
        let validationEnd = sizes.train + sizes.validation
        trainIndices = Array(permutation[0..<sizes.train])
        validationIndices = Array(permutation[sizes.train..<validationEnd])
        testIndices = Array(permutation[validationEnd..<(validationEnd + sizes.test)])
        var positions = Array(0..<sizes.train)
        random.shuffle(&positions)
        var replacements = [Int?](repeating: nil, count: sizes.train)
        for t in 0..<sizes.pollutedCount {
            replacements[positions[t]] = random.randint(0, 9)
        }
        self.seed = seed
        self.replacementLabels = replacements
    }

    /// 1 for a polluted training position, 0 for a clean one (the reference's `1 − clean`).
    public var pollutedFlags: [Int] { replacementLabels.map { $0 == nil ? 0 : 1 } }

    /// Training labels after pollution, given the true MNIST labels of the whole training set.
    public func pollutedTrainLabels(trueLabels: [UInt8]) -> [Int] {
        zip(trainIndices, replacementLabels).map { index, replacement in
            replacement ?? Int(trueLabels[index])
        }
    }
}
