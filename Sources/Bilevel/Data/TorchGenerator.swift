/// PyTorch's CPU random generator after `torch.manual_seed(seed)`, and `nn.Linear`'s default init.
///
/// MT19937 seeded with `init_genrand(seed mod 2^32)`; `uniform_(lo, hi)` on a float32 tensor takes
/// one 32-bit draw per element: u = (r & 0xFFFFFF)·2⁻²⁴, value = Float32(u·(hi − lo) + lo) computed
/// in Float64 with lo, hi the bounds rounded to Float32 first (PBGD.md §2.4, bit-exact vs torch).
public struct TorchGenerator: Sendable {
    private var twister: MersenneTwister

    /// The generator state after `torch.manual_seed(seed)`.
    public init(seed: Int) {
        twister = MersenneTwister(genrandSeed: UInt32(truncatingIfNeeded: seed))
    }

    /// A generator continuing from a ``MersenneTwister/snapshot``; nil when invalid.
    public init?(snapshot: [UInt32]) {
        guard let twister = MersenneTwister(snapshot: snapshot) else { return nil }
        self.twister = twister
    }

    /// The generator's full state, for checkpoints.
    public var snapshot: [UInt32] { twister.snapshot }

    /// The next raw 32-bit draw.
    public mutating func nextUInt32() -> UInt32 { twister.nextUInt32() }

    /// Fills `count` values uniform in [−bound, bound) exactly as `tensor.uniform_(-bound, bound)`.
    public mutating func uniform(count: Int, bound: Double) -> [Float] {
        let lo = Double(Float(-bound))
        let hi = Double(Float(bound))
        return (0..<count).map { _ in
            let u = Double(nextUInt32() & 0xFF_FFFF) * 0x1p-24
            return Float(u * (hi - lo) + lo)
        }
    }

    /// `nn.Linear(fanIn, fanOut)` default parameters: weight (fanOut × fanIn, row-major) drawn
    /// first with bound √3·(√(2/6)/√fanIn) (kaiming_uniform with a = √5), then bias with bound 1/√fanIn.
    public mutating func linearLayer(fanIn: Int, fanOut: Int) -> (weight: [Float], bias: [Float]) {
        // torch computes gain = sqrt(2 / (1 + a²)) with a = √5 in double, and (√5)² = 5.000000000000001;
        // written the same way so the bound is the same double before rounding.
        let a = (5.0).squareRoot()
        let gain = (2.0 / (1 + a * a)).squareRoot()
        let weightBound = (3.0).squareRoot() * (gain / Double(fanIn).squareRoot())
        let weight = uniform(count: fanIn * fanOut, bound: weightBound)
        let bias = uniform(count: fanOut, bound: 1 / Double(fanIn).squareRoot())
        return (weight, bias)
    }
}
