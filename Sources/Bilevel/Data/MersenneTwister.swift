/// The MT19937 Mersenne Twister: 624 words of state, regeneration and tempering.
///
/// Shared by ``PythonRandom`` (CPython's `random`, seeded with `init_by_array`) and
/// ``TorchGenerator`` (PyTorch's CPU generator, seeded with `init_genrand`); PBGD.md §2.3–2.4.
public struct MersenneTwister: Sendable {
    private var state: [UInt32]
    private var index: Int

    /// Seeds with `init_genrand(seed)` (Matsumoto–Nishimura reference seeding).
    public init(genrandSeed seed: UInt32) {
        state = [UInt32](repeating: 0, count: 624)
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    /// Seeds with `init_by_array(key)`, as CPython does for an integer seed split into 32-bit words.
    public init(arrayKey key: [UInt32]) {
        precondition(!key.isEmpty, "init_by_array needs at least one key word")
        self.init(genrandSeed: 19_650_218)
        var i = 1
        var j = 0
        for _ in 0..<max(624, key.count) {
            let previous = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (previous &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 {
                state[0] = state[623]
                i = 1
            }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            let previous = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (previous &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 {
                state[0] = state[623]
                i = 1
            }
        }
        state[0] = 0x8000_0000
        index = 624
    }

    /// The raw state words (for tests against reference dumps).
    public var stateWords: [UInt32] { state }

    /// The 624 state words followed by the read position: everything needed to continue the stream.
    public var snapshot: [UInt32] { state + [UInt32(index)] }

    /// A generator continuing from a ``snapshot``; nil when it is not a valid snapshot.
    public init?(snapshot: [UInt32]) {
        guard snapshot.count == 625, let position = snapshot.last, position <= 624 else { return nil }
        state = Array(snapshot.prefix(624))
        index = Int(position)
    }

    /// The next tempered 32-bit output (`genrand_uint32`).
    public mutating func nextUInt32() -> UInt32 {
        if index >= 624 { regenerate() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func regenerate() {
        for k in 0..<624 {
            let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
            state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0)
        }
        index = 0
    }
}
