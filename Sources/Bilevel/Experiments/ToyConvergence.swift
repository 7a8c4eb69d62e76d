/// The toy numerical-verification experiment (PBGD.md §1.3–1.5): PBGD from many random starts,
/// all starts advancing together as vectors.
///
/// Starts are packed eight to a `SIMD8<Double>` (one start per lane). Every iteration steps all
/// unfinished vectors once; a lane whose projected gradient reaches the tolerance is frozen
/// (masked out) and a vector whose lanes are all frozen leaves the loop. Lane arithmetic is the
/// scalar arithmetic, so each lane reproduces the reference's per-start loop bit for bit.
///
/// ```swift
/// let result = try ToyConvergence.run(ToyConvergenceSettings())   // seeds 42, 123, 456
/// result.mean.convergenceSteps   // 260.712 (published V-PBGD)
/// ```
public enum ToyConvergence {
    /// The benchmark's start points: for each run, `x0 = rng.uniform(0.0, 3.5)` then
    /// `y0 = rng.uniform(-5.0, 8.5)` from `random.Random(seed)` (PBGD.md §1.4).
    ///
    /// x0 may exceed 3: the first step projects it.
    ///
    /// - Returns: `count` points, in run order.
    public static func startPoints(seed: Int, count: Int) -> [(x: Double, y: Double)] {
        var rng = PythonRandom(seed: seed)
        return (0..<count).map { _ in
            let x = rng.uniform(0.0, 3.5)
            let y = rng.uniform(-5.0, 8.5)
            return (x, y)
        }
    }

    /// Runs every seed of `settings` and summarises them.
    ///
    /// - Throws: ``ToyConvergenceError`` when the settings are invalid (nothing is run then).
    public static func run(_ settings: ToyConvergenceSettings) throws(ToyConvergenceError)
        -> ToyConvergenceResult
    {
        try settings.validated()
        let perSeed = settings.seeds.map { runSeed($0, settings: settings) }
        return ToyConvergenceResult(settings: settings, seeds: perSeed)
    }

    /// Runs the starts of one seed; `runtimeSeconds` covers drawing the starts and the loop, as
    /// the benchmark's timer does.
    ///
    /// - Precondition: `settings` are valid.
    public static func runSeed(_ seed: Int, settings: ToyConvergenceSettings) -> ToySeedResult {
        let clock = ContinuousClock()
        var outcomes: [ToyRunOutcome] = []
        let elapsed = clock.measure {
            let starts = startPoints(seed: seed, count: settings.startCount)
            outcomes = run(starts: starts, settings: settings)
        }
        let components = elapsed.components
        let seconds = Double(components.seconds) + Double(components.attoseconds) * 1e-18
        return ToySeedResult(
            seed: seed, outcomes: outcomes, runtimeSeconds: seconds, stepCap: settings.stepCap)
    }

    /// Runs PBGD from each start with the settings' strategy, derivative, cap and tolerance.
    ///
    /// - Parameters:
    ///   - starts: the start points, in run order.
    ///   - settings: strategy and protocol (``ToyConvergenceSettings/seeds`` and
    ///     ``ToyConvergenceSettings/startCount`` are ignored here).
    /// - Returns: one outcome per start, in the same order.
    public static func run(starts: [(x: Double, y: Double)], settings: ToyConvergenceSettings)
        -> [ToyRunOutcome]
    {
        let blocks = simulate(starts: starts, settings: settings)
        return outcomes(of: blocks, count: starts.count)
    }

    /// Like ``run(starts:settings:)``, but returns nil as soon as one run is certain not to
    /// converge: the cheap test a strategy search needs.
    ///
    /// Blocks of eight starts run one after the other (not in lock-step), each to its end, so the
    /// first failing run stops the whole call. A run is certain to fail when, under the last
    /// gamma, it reaches the step cap, a non-finite point, or exactly a point it visited before
    /// (the step map is deterministic, so it then cycles forever; see
    /// `ToyBlock.hasCertainFailure(stepInStage:)`). When it returns outcomes, they are exactly
    /// those of ``run(starts:settings:)``: runs are independent of each other.
    public static func runUnlessCertainFailure(
        starts: [(x: Double, y: Double)], settings: ToyConvergenceSettings
    ) -> [ToyRunOutcome]? {
        var blocks = makeBlocks(starts, settings: settings)
        for index in blocks.indices {
            guard blocks[index].runToEnd(settings: settings, stopAtCertainFailure: true) else {
                return nil
            }
        }
        return outcomes(of: blocks, count: starts.count)
    }

    /// The lock-step loop: every iteration advances every block that still has a running lane.
    private static func simulate(
        starts: [(x: Double, y: Double)], settings: ToyConvergenceSettings
    ) -> [ToyBlock] {
        var blocks = makeBlocks(starts, settings: settings)
        let strategy = settings.strategy
        var running = Array(blocks.indices)
        var stepsTaken: Int64 = 0
        stages: for gamma in strategy.gams {
            let gammaLanes = ToyBlock.Lanes(repeating: gamma)
            let alphaLanes = ToyBlock.Lanes(repeating: strategy.alpha0 / gamma)
            for _ in 0..<settings.maxIterations {
                if running.isEmpty { break stages }
                stepsTaken += 1
                blocks.withUnsafeMutableBufferPointer { blocks in
                    running.removeAll { index in
                        blocks[index].advance(
                            method: strategy.method, derivative: settings.derivative,
                            gamma: gammaLanes, alpha: alphaLanes, tolerance: settings.tolerance,
                            stepsTaken: stepsTaken)
                    }
                }
            }
        }
        // Lanes still running never converged; they took (and count) all gams.count * maxIterations
        // steps, the benchmark's `len(gams) * 20000`.
        return blocks
    }

    /// Packs the starts into blocks of eight (the last one padded with frozen lanes).
    private static func makeBlocks(
        _ starts: [(x: Double, y: Double)], settings: ToyConvergenceSettings
    ) -> [ToyBlock] {
        precondition(
            settings.maxIterations > 0 && !settings.strategy.gams.isEmpty,
            "ToyConvergence: invalid settings \(settings)")
        return stride(from: 0, to: starts.count, by: ToyBlock.width).map {
            ToyBlock(starts: starts[$0..<min($0 + ToyBlock.width, starts.count)])
        }
    }

    /// Unpacks the blocks; the objective f(previous point) is evaluated once here, not per step.
    private static func outcomes(of blocks: [ToyBlock], count: Int) -> [ToyRunOutcome] {
        var result: [ToyRunOutcome] = []
        result.reserveCapacity(count)
        for block in blocks {
            let objective = Toy.upperObjective(x: block.previousX, y: block.previousY)
            for lane in 0..<ToyBlock.width where result.count < count {
                result.append(
                    ToyRunOutcome(
                        steps: Int(block.steps[lane]), succeeded: block.succeeded[lane],
                        objective: objective[lane], residual: block.residual[lane],
                        projectedGradient: block.projectedGradient[lane],
                        x: block.x[lane], y: block.y[lane]))
            }
        }
        return result
    }
}
