/// numpy's legacy `numpy.random.RandomState` for an integer seed: MT19937 and the draws the
/// benchopt data-cleaning split uses (`permutation`, `rand`, `randint`), bit-identical to numpy.
///
/// The benchopt hyper-cleaning data (METHODS.md §3.1) are split and corrupted with
/// `RandomState(32)`, so reproducing them needs numpy's exact stream and its exact derived
/// algorithms (numpy `_legacy_seeding`, `distributions.c`, `_bounded_integers.pyx`):
///
/// - an integer seed `s` runs MT19937's `init_genrand(s)` (not `init_by_array`, unlike CPython);
/// - ``randomSample()`` (`rand`, `random_sample`) = ((a ≫ 5)·2²⁶ + (b ≫ 6)) / 2⁵³ from two words;
/// - ``interval(_:)`` (`random_interval(max)`) masks each word to the bits of `max` and rejects
///   values above `max`; ``randint(_:_:)`` and ``permutation(_:)`` build on it;
/// - ``shuffle(_:)`` is Fisher–Yates from the last element down, `j = interval(i)`.
///
/// Only 32-bit ranges are supported (`max < 2³²`); numpy switches to 64-bit words above that.
/// A value type: a copy continues the stream independently.
///
/// ```swift
/// var rng = NumpyRandomState(seed: 32)
/// let perm = rng.permutation(60_000)   // == np.random.RandomState(32).permutation(60000)
/// let u = rng.randomSample()           // == the next rng.rand()
/// ```
public struct NumpyRandomState: Sendable {
    private var generator: MersenneTwister

    /// `numpy.random.RandomState(seed)` for an integer seed in `0 ..< 2³²`.
    ///
    /// - Parameter seed: the seed; numpy seeds MT19937 with `init_genrand(seed)`.
    public init(seed: UInt32) {
        generator = MersenneTwister(genrandSeed: seed)
    }

    /// One tempered 32-bit MT19937 word.
    public mutating func nextUInt32() -> UInt32 { generator.nextUInt32() }

    /// `rand()` / `random_sample()`: a double in `[0, 1)` with 53 random bits from two words.
    public mutating func randomSample() -> Double {
        let high = Double(generator.nextUInt32() >> 5)  // 27 bits
        let low = Double(generator.nextUInt32() >> 6)  // 26 bits
        return (high * 67_108_864.0 + low) / 9_007_199_254_740_992.0
    }

    /// `random_interval(max)`: a uniform integer in `0 ... max` by masked rejection.
    ///
    /// The mask is `max` with every bit below its highest set bit set; words are drawn and masked
    /// until the value is at most `max` (numpy `distributions.c`). `max = 0` draws nothing.
    ///
    /// - Parameter max: the inclusive upper bound.
    public mutating func interval(_ max: UInt32) -> UInt32 {
        if max == 0 { return 0 }
        let mask = UInt32.max >> UInt32(max.leadingZeroBitCount)
        var value = generator.nextUInt32() & mask
        while value > max { value = generator.nextUInt32() & mask }
        return value
    }

    /// `randint(low, high)`: a uniform integer in `low ..< high` (numpy's default int64 path with
    /// masked rejection; one value or a `size=` array give the same stream).
    ///
    /// A range of exactly 2³² values takes a raw word, as numpy does; an empty or single-value
    /// range draws nothing.
    ///
    /// - Parameters:
    ///   - low: inclusive lower bound.
    ///   - high: exclusive upper bound, `low < high ≤ low + 2³²`.
    public mutating func randint(_ low: Int, _ high: Int) -> Int {
        precondition(high > low, "NumpyRandomState.randint: empty range \(low)..<\(high)")
        let range = UInt64(high - low - 1)
        precondition(range <= UInt64(UInt32.max), "NumpyRandomState.randint: range wider than 2^32")
        if range == UInt64(UInt32.max) { return low + Int(generator.nextUInt32()) }
        return low + Int(interval(UInt32(range)))
    }

    /// `shuffle(x)` of a one-dimensional array: Fisher–Yates, `i = n−1 … 1`, `j = interval(i)`.
    ///
    /// - Parameter elements: shuffled in place (at most 2³² elements).
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        precondition(elements.count - 1 <= Int(UInt32.max), "NumpyRandomState.shuffle: more than 2^32 elements")
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, Int(interval(UInt32(i))))
        }
    }

    /// `permutation(n)`: ``shuffle(_:)`` applied to `0 ..< n`.
    ///
    /// - Parameter count: `n ≥ 0`.
    /// - Returns: a permutation of `0 ..< n`, the same as numpy's for the same state.
    public mutating func permutation(_ count: Int) -> [Int] {
        precondition(count >= 0, "NumpyRandomState.permutation: negative size \(count)")
        var values = Array(0..<count)
        shuffle(&values)
        return values
    }
}
