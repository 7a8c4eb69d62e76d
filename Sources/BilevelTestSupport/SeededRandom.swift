import RealModule  // Double.log and Double.cos for Box–Muller, without Foundation
import Tensor

/// A tiny deterministic random generator for tests: SplitMix64 (Steele, Lea & Flood, "Fast
/// splittable pseudorandom number generators", OOPSLA 2014; the `splitmix64.c` of Vigna).
///
/// The same seed gives the same sequence on every platform and Swift version (unlike
/// `SystemRandomNumberGenerator`), so a failing random test can be replayed. It conforms to
/// `RandomNumberGenerator`, so `Float.random(in:using:)` and `shuffled(using:)` work too, but
/// the helpers below avoid the standard library's sampling algorithms (which may change between
/// releases) and map bits to floats explicitly. Not for cryptography or statistics.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var core: SplitMix64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { core = SplitMix64(seed: seed) }

    /// The next 64 random bits (Tensor's ``SplitMix64``, shared with the benchmark data).
    public mutating func next() -> UInt64 { core.next() }

    /// A uniform Double in [0, 1) from the top 53 bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform Float in `range` (computed in Double, then rounded; may equal either bound).
    public mutating func nextFloat(in range: ClosedRange<Float>) -> Float {
        let low = Double(range.lowerBound)
        let high = Double(range.upperBound)
        return Float(low + (high - low) * nextUnitDouble())
    }

    /// `count` uniform Floats in `range`.
    public mutating func floats(count: Int, in range: ClosedRange<Float> = -1...1) -> [Float] {
        (0..<count).map { _ in nextFloat(in: range) }
    }

    /// A standard normal Float (Box–Muller on two uniforms).
    public mutating func nextGaussian() -> Float {
        let u = 1 - nextUnitDouble()  // (0, 1]: keeps the logarithm finite
        let v = nextUnitDouble()
        let radius = (-2 * Double.log(u)).squareRoot()
        return Float(radius * Double.cos(2 * Double.pi * v))
    }

    /// A uniform integer in `range`.
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        // width = 0 means the full 64-bit range; otherwise the modulo bias is < width/2⁶⁴.
        let offset = width == 0 ? next() : next() % width
        return range.lowerBound &+ Int(truncatingIfNeeded: offset)
    }
}
