/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", 2014): a
/// small, fast, seedable generator for reproducible benchmark and test data (not for statistics
/// that need a long period or the reference's streams; those use the torch/Python generators).
package struct SplitMix64: Sendable {
    /// The current state; advanced by the golden-ratio increment on every draw.
    package var state: UInt64

    /// A generator whose first draw depends only on `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
