/// Eight toy runs advancing together: one start per lane of `SIMD8<Double>`.
///
/// Lanes that converged are frozen: every update is masked by ``running``. Padding lanes (the
/// last block of a start count that is not a multiple of 8) start frozen.
struct ToyBlock {
    typealias Lanes = SIMD8<Double>
    typealias LaneMask = SIMDMask<SIMD8<Int64>>

    /// Lanes per block.
    static let width = 8

    var x: Lanes
    var y: Lanes
    /// The point before the last step (where the benchmark evaluates `objective`).
    var previousX = Lanes()
    var previousY = Lanes()
    var residual = Lanes()
    var projectedGradient = Lanes()
    var steps = SIMD8<Int64>()
    var running: LaneMask
    var succeeded = LaneMask(repeating: false)
    /// A past iterate for exact-cycle detection (Brent: saved at step counts 2^k).
    var checkpointX = Lanes(repeating: .nan)
    var checkpointY = Lanes(repeating: .nan)

    /// Packs up to eight starts; missing lanes are padding (frozen from the start).
    init(starts: ArraySlice<(x: Double, y: Double)>) {
        precondition(starts.count <= Self.width, "ToyBlock: at most \(Self.width) starts")
        x = Lanes()
        y = Lanes()
        running = LaneMask(repeating: false)
        for (lane, start) in starts.enumerated() {
            x[lane] = start.x
            y[lane] = start.y
            running[lane] = true
        }
    }

    /// One PBGD step of every running lane (PBGD.md §1.3); returns true when no lane is left
    /// running. Allocates nothing.
    ///
    /// - Parameters:
    ///   - stepsTaken: the step number of this step (1-based, over all gammas), stored as the
    ///     step count of every running lane.
    @inline(__always)
    mutating func advance(
        method: ToyMethod, derivative: ToyDerivative, gamma: Lanes, alpha: Lanes,
        tolerance: Double, stepsTaken: Int64
    ) -> Bool {
        let step = Toy.pbgdStep(
            x: x, y: y, method: method, derivative: derivative, gamma: gamma, alpha: alpha)
        previousX.replace(with: x, where: running)
        previousY.replace(with: y, where: running)
        x.replace(with: step.xNext, where: running)
        y.replace(with: step.yNext, where: running)
        residual.replace(with: Lanes.magnitude(step.xNext + step.yNext), where: running)
        projectedGradient.replace(with: step.projectedGradient, where: running)
        steps.replace(with: stepsTaken, where: running)
        let converged = running .& (step.projectedGradient .<= tolerance)
        guard any(converged) else { return false }
        succeeded .|= converged
        running .&= .!converged
        return !any(running)
    }

    /// Runs this block alone through every gamma until all lanes stop; the lane results are the
    /// same as in the lock-step loop.
    ///
    /// - Parameters:
    ///   - settings: strategy and protocol.
    ///   - stopAtCertainFailure: return false at the first lane certain to fail under the last
    ///     gamma: it reaches the cap, or ``hasCertainFailure(stepInStage:)``.
    /// - Returns: false when stopped at a certain failure (the block is then incomplete).
    mutating func runToEnd(settings: ToyConvergenceSettings, stopAtCertainFailure: Bool) -> Bool {
        let strategy = settings.strategy
        var stepsTaken: Int64 = 0
        for (stage, gamma) in strategy.gams.enumerated() {
            let gammaLanes = Lanes(repeating: gamma)
            let alphaLanes = Lanes(repeating: strategy.alpha0 / gamma)
            // A run can still be rescued by a later gamma, so only the last stage is checked.
            let detect = stopAtCertainFailure && stage == strategy.gams.count - 1
            resetCycleDetection()
            for stepInStage in 1...settings.maxIterations {
                stepsTaken += 1
                let finished = advance(
                    method: strategy.method, derivative: settings.derivative, gamma: gammaLanes,
                    alpha: alphaLanes, tolerance: settings.tolerance, stepsTaken: stepsTaken)
                if finished { return true }
                if detect, hasCertainFailure(stepInStage: stepInStage) { return false }
            }
        }
        return !(stopAtCertainFailure && any(running))
    }

    /// Whether some running lane can certainly never converge under the current gamma: it is at
    /// a non-finite point, or it is exactly (bit for bit) where it was at the last checkpoint.
    ///
    /// The step map is deterministic, so a repeated point means the run cycles forever through
    /// points that all failed the tolerance. Checkpoints are taken at step counts 2^k (Brent's
    /// cycle detection), so any exact cycle is found within about twice its period after it starts.
    ///
    /// - Parameter stepInStage: steps taken under the current gamma (1-based).
    @inline(__always)
    mutating func hasCertainFailure(stepInStage: Int) -> Bool {
        // x - x is NaN exactly when x is infinite or NaN.
        let nonFinite = .!((x - x) .== 0) .| .!((y - y) .== 0)
        let repeated = (x .== checkpointX) .& (y .== checkpointY)
        if stepInStage & (stepInStage - 1) == 0 {
            checkpointX = x
            checkpointY = y
        }
        return any(running .& (nonFinite .| repeated))
    }

    /// Forgets the checkpoint (a new gamma is a new map).
    mutating func resetCycleDetection() {
        checkpointX = Lanes(repeating: .nan)
        checkpointY = Lanes(repeating: .nan)
    }
}
