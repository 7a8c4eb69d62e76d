/// Everything that defines one toy-convergence experiment: the strategy plus the benchmark's
/// fixed protocol knobs (PBGD.md §1.3–1.5), which the CLI exposes for exploration.
public struct ToyConvergenceSettings: Sendable, Equatable {
    /// Method, gammas and alpha0.
    public var strategy: ToyStrategy
    /// Which df/dx (default ``ToyDerivative/official``, the published numbers).
    public var derivative: ToyDerivative
    /// Step cap per gamma (benchmark: 20000).
    public var maxIterations: Int
    /// Success when the projected-gradient norm is `<=` this (benchmark: 1e-5).
    public var tolerance: Double
    /// Start points per seed (benchmark: 1000).
    public var startCount: Int
    /// Seeds of `random.Random(seed)`; metrics are averaged over them (published: 42, 123, 456).
    public var seeds: [Int]

    /// The seeds of the published table.
    public static let publishedSeeds = [42, 123, 456]

    /// Settings; the defaults are the benchmark's.
    public init(
        strategy: ToyStrategy = .baseline,
        derivative: ToyDerivative = .official,
        maxIterations: Int = 20_000,
        tolerance: Double = 1e-5,
        startCount: Int = 1000,
        seeds: [Int] = ToyConvergenceSettings.publishedSeeds
    ) {
        self.strategy = strategy
        self.derivative = derivative
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.startCount = startCount
        self.seeds = seeds
    }

    /// The step count of a run that never converges: `gams.count * maxIterations`.
    public var stepCap: Int { strategy.gams.count * maxIterations }

    /// Checks the strategy and the protocol knobs.
    ///
    /// - Returns: `self`, unchanged.
    /// - Throws: ``ToyConvergenceError`` naming the offending value.
    @discardableResult
    public func validated() throws(ToyConvergenceError) -> ToyConvergenceSettings {
        do {
            try strategy.validated()
        } catch {
            throw .strategy(error)
        }
        guard maxIterations > 0 else { throw .invalidMaxIterations(maxIterations) }
        guard tolerance.isFinite, tolerance >= 0 else { throw .invalidTolerance(tolerance) }
        guard startCount > 0 else { throw .invalidStartCount(startCount) }
        guard !seeds.isEmpty else { throw .noSeeds }
        return self
    }
}

/// Why toy-convergence settings were refused. Each description is one line.
public enum ToyConvergenceError: Error, CustomStringConvertible, Equatable {
    /// The strategy is invalid.
    case strategy(ToyStrategyError)
    /// `--max-iter` is not > 0.
    case invalidMaxIterations(Int)
    /// `--tol` is not a finite number >= 0.
    case invalidTolerance(Double)
    /// `--starts` is not > 0.
    case invalidStartCount(Int)
    /// No seed to run.
    case noSeeds

    /// One line for the user.
    public var description: String {
        switch self {
        case .strategy(let error): return error.description
        case .invalidMaxIterations(let value): return "max-iter must be > 0, got \(value)"
        case .invalidTolerance(let value): return "tol must be a finite number >= 0, got \(value)"
        case .invalidStartCount(let value): return "starts must be > 0, got \(value)"
        case .noSeeds: return "seeds must list at least one seed"
        }
    }
}
