import Tensor

/// F2SA, the fully first-order stochastic approximation method (Kwon, Kwon, Wright, Nowak,
/// "A fully first-order method for stochastic bilevel optimization", ICML 2023; benchopt
/// `solvers/f2sa.py`, METHODS.md §2.5).
///
/// State (x, y, z, λ), y = z = y₀, λ = λ₀. Per iteration t, with the directions of ``F2SACore``:
///
///     T times:  y ← y − α_t·(λ·∇_y g_I(x, y) + ∇_y f_J(x, y)),   z ← z − β_t·∇_y g_{I'}(x, z)
///     x ← x − γ_t·(∇_x f_J(x, y) + λ·(∇_x g_{I1}(x, y) − ∇_x g_{I2}(x, z))),   λ ← λ + δ_t
///
/// Schedules (``F2SASchedule``): `benchopt` (HEAD) α = s/(t+1)^{5/7}, β = s/(t+1)^{4/7},
/// γ = (s/r)/(t+1)^{4/7}, δ_t = δ/(t+1)^{1/7}; `benchopt2023-10` all 1/√(t+1) with constant δ;
/// `constant`. Parameters (benchopt defaults): `step_size` 0.01, `outer_ratio` 1, `batch_size` 64,
/// `lambda0` 1, `delta` 0.1, `n_inner_steps` 10, `schedule` benchopt, `evaluated` y (HEAD reports
/// y; the 2023-12 version reported z). Cost: 22 lower and 11 upper gradients, no second order.
public final class F2SA: StochasticSolver {
    public static let name = "f2sa"
    public static let summary = "F2SA: fully first-order penalty method (y, z inner loops, growing lambda), benchopt schedules."

    /// F2SA's parameters (benchopt HEAD defaults).
    public struct Parameters: StochasticSolverParameters {
        /// s: the y and z step.
        public var stepSize: Float = 0.01
        /// r: the outer step is s/r.
        public var outerRatio: Float = 1
        /// b: minibatch size.
        public var batchSize = 64
        /// λ₀: the initial penalty.
        public var lambda0: Float = 1
        /// δ: the penalty increment.
        public var delta: Float = 0.1
        /// T: inner steps per iteration.
        public var nInnerSteps = 10
        /// The step-size schedule.
        public var schedule = F2SASchedule.benchopt
        /// The inner variable the metrics use.
        public var evaluated = F2SAEvaluated.y

        public init() {}

        public func validate() throws(StochasticSolverError) {
            try requireF2SARanges(stepSize: stepSize, outerRatio: outerRatio, lambda0: lambda0, delta: delta,
                                  nInnerSteps: nInnerSteps)
        }
    }

    private let core: F2SACore
    private let parameters: Parameters
    private var iteration = 0
    public var x: FloatBuffer { core.x }
    public var y: FloatBuffer { parameters.evaluated == .y ? core.y : core.z }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        core = F2SACore(problem: problem, lambda0: parameters.lambda0, seed: seed)
        self.parameters = parameters
    }

    public func step() {
        let (alpha, beta, gamma, delta) = parameters.schedule.rates(
            stepSize: parameters.stepSize, outerRatio: parameters.outerRatio, delta: parameters.delta, at: iteration)
        iteration += 1
        let dy = core.problem.innerDimension
        for _ in 0..<parameters.nInnerSteps {
            core.innerDirections()
            VectorUpdate.subtract(alpha, times: core.directionY.constPointer, from: core.y.pointer, count: dy)
            VectorUpdate.subtract(beta, times: core.directionZ.constPointer, from: core.z.pointer, count: dy)
        }
        core.outerDirection()
        VectorUpdate.subtract(gamma, times: core.directionX.constPointer, from: core.x.pointer,
                              count: core.problem.outerDimension)
        core.lambda += delta
    }
}
