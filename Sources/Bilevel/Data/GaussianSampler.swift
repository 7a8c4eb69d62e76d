#if canImport(Glibc)
    import Glibc
#endif

/// Standard normal draws from a ``NumpyRandomState`` by numpy's legacy polar method
/// (`RandomState.standard_normal`, `legacy_gauss`): draw (x₁, x₂) = 2·U − 1 until
/// 0 < r² = x₁² + x₂² < 1, return x₂·√(−2 ln r² / r²) and keep x₁·√(…) for the next call.
public struct GaussianSampler: Sendable {
    /// The uniform stream.
    public private(set) var random: NumpyRandomState
    private var cached: Double?

    /// A sampler over `random`.
    public init(_ random: NumpyRandomState) { self.random = random }

    /// A sampler seeded like `numpy.random.RandomState(seed)`.
    public init(seed: UInt32) { self.init(NumpyRandomState(seed: seed)) }

    /// The next N(0, 1) value.
    public mutating func next() -> Double {
        if let value = cached {
            cached = nil
            return value
        }
        while true {
            let x1 = 2 * random.randomSample() - 1, x2 = 2 * random.randomSample() - 1
            let r2 = x1 * x1 + x2 * x2
            if r2 >= 1 || r2 == 0 { continue }
            let factor = (-2 * log(r2) / r2).squareRoot()
            cached = factor * x1
            return factor * x2
        }
    }

    /// `count` N(0, 1) values as Float32.
    public mutating func floats(_ count: Int) -> [Float] { (0..<count).map { _ in Float(next()) } }

    /// A uniform value in [0, 1).
    public mutating func uniform() -> Double { random.randomSample() }
}
