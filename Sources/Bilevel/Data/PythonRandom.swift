/// CPython's `random.Random`: the MT19937 generator with CPython's integer seeding and its
/// derived draws, bit-identical to CPython 3.
///
/// The reference experiments draw their start points (`uniform`), data splits (`shuffle`) and
/// label noise (`randint`) from Python's `random` module, so reproducing them needs the same
/// stream, not merely the same distribution. Every algorithm here follows CPython's
/// `Modules/_randommodule.c` and `Lib/random.py` (PBGD.md §2.3):
///
/// - seeding with an integer `a` runs `init_by_array` on the 32-bit words of `|a|`, least
///   significant first (`a = 0` gives the key `[0]`);
/// - ``random()`` combines two 32-bit draws into a 53-bit double;
/// - ``randbelow(_:)`` is rejection sampling on `bit_length(n)` bits, which ``shuffle(_:)`` and
///   ``randint(_:_:)`` build on.
///
/// It is a value type: a copy continues the stream independently, as `getstate`/`setstate` would.
///
/// ```swift
/// var rng = PythonRandom(seed: 42)
/// let x0 = rng.uniform(0.0, 3.5)   // == random.Random(42).uniform(0.0, 3.5)
/// ```
public struct PythonRandom: Sendable {
    /// The MT19937 core (shared with ``TorchGenerator``), seeded with `init_by_array`.
    private var twister: MersenneTwister
    /// The 624 state words `mt[]` (for checks against CPython's state).
    var state: [UInt32] { twister.stateWords }
    /// Index of the next state word to temper (`mti`); 624 means "regenerate first".
    var index: Int { Int(twister.snapshot[624]) }
    /// Number of 32-bit words drawn since seeding (CPython's `genrand_uint32` calls).
    ///
    /// Useful to check that two implementations consume the stream identically.
    public private(set) var wordsDrawn: Int = 0

    /// Seeds the generator as `random.Random(seed)` / `random.seed(seed)` do for an integer seed.
    ///
    /// The key is the 32-bit words of `|seed|`, least significant first, with no trailing zero
    /// words (`0` gives `[0]`); the state is then built by ``init(key:)``.
    ///
    /// - Parameter seed: any integer, negative values use their magnitude as CPython does.
    public init(seed: some BinaryInteger) {
        var key: [UInt32] = []
        for word in seed.magnitude.words {
            var remaining = UInt64(word)
            for _ in 0..<(UInt.bitWidth / 32) {
                key.append(UInt32(truncatingIfNeeded: remaining))
                remaining >>= 32
            }
        }
        while key.count > 1, key.last == 0 { key.removeLast() }
        if key.isEmpty { key = [0] }
        self.init(key: key)
    }

    /// Seeds the generator with MT19937's `init_by_array(key)`, as CPython does for integers.
    ///
    /// - Parameter key: the seed words; must not be empty.
    public init(key: [UInt32]) {
        precondition(!key.isEmpty, "PythonRandom: init_by_array needs a non-empty key")
        twister = MersenneTwister(arrayKey: key)
    }

    /// One tempered 32-bit word (CPython's `genrand_uint32`).
    public mutating func nextUInt32() -> UInt32 {
        wordsDrawn += 1
        return twister.nextUInt32()
    }

    /// `random.getrandbits(k)` for `0 <= k <= 64`.
    ///
    /// For `k <= 32` this is one draw shifted right by `32 - k`. Larger `k` fill 32-bit words from
    /// the least significant one up, the last word keeping its top bits, as CPython does.
    ///
    /// - Parameter bitCount: number of random bits `k`, `0...64`.
    /// - Returns: an integer in `0 ..< 2^k`.
    public mutating func getrandbits(_ bitCount: Int) -> UInt64 {
        precondition(
            (0...64).contains(bitCount),
            "PythonRandom.getrandbits: k must be in 0...64, got \(bitCount)")
        if bitCount == 0 { return 0 }
        if bitCount <= 32 { return UInt64(nextUInt32() >> UInt32(32 - bitCount)) }
        var result: UInt64 = 0
        var remaining = bitCount
        var shift: UInt64 = 0
        while remaining > 0 {
            var word = nextUInt32()
            if remaining < 32 { word >>= UInt32(32 - remaining) }
            result |= UInt64(word) << shift
            shift += 32
            remaining -= 32
        }
        return result
    }

    /// `random.random()`: a double in `[0, 1)` with 53 random bits, from two draws.
    public mutating func random() -> Double {
        let high = Double(nextUInt32() >> 5)  // 27 bits
        let low = Double(nextUInt32() >> 6)  // 26 bits
        return (high * 67_108_864.0 + low) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `random.uniform(a, b)` = `a + (b - a) * random()`, evaluated in that order.
    ///
    /// - Parameters:
    ///   - a: one end of the range.
    ///   - b: the other end (the result may equal `b` through rounding, as in CPython).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * random()
    }

    /// `random._randbelow(n)`: a uniform integer in `0 ..< n` by rejection on `bit_length(n)` bits.
    ///
    /// - Parameter upperBound: `n > 0`.
    public mutating func randbelow(_ upperBound: Int) -> Int {
        precondition(
            upperBound > 0, "PythonRandom.randbelow: n must be positive, got \(upperBound)")
        let bits = Int.bitWidth - upperBound.leadingZeroBitCount  // bit_length(n)
        var r = getrandbits(bits)
        while r >= UInt64(upperBound) { r = getrandbits(bits) }
        return Int(r)
    }

    /// `random.randint(a, b)`: a uniform integer in the closed range `a ... b`.
    ///
    /// - Parameters:
    ///   - lower: `a`.
    ///   - upper: `b >= a`.
    public mutating func randint(_ lower: Int, _ upper: Int) -> Int {
        precondition(upper >= lower, "PythonRandom.randint: empty range \(lower)...\(upper)")
        return lower + randbelow(upper - lower + 1)
    }

    /// `random.shuffle(x)`: Fisher–Yates from the last element down, `j = randbelow(i + 1)`.
    ///
    /// - Parameter elements: shuffled in place; same permutation as CPython for the same state.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            let j = randbelow(i + 1)
            elements.swapAt(i, j)
        }
    }
}
