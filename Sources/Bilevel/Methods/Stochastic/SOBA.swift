import Tensor

/// SOBA, the Stochastic Optimizer for Bilevel Analysis (Dagréou, Ablin, Vaiter, Moreau,
/// "A framework for bilevel optimization that enables stochastic and global variance reduction
/// algorithms", NeurIPS 2022; benchopt `solvers/soba.py`, METHODS.md §2.1).
///
/// One inner and one outer batch per iteration; y, v and x move simultaneously from the old point:
///
///     y ← y − ρ_t·∇_y g_i,   v ← v − ρ_t·(∇²_yy g_i·v + ∇_y f_j),   x ← x − γ_t·(∇²_xy g_i·v + ∇_x f_j)
///
/// with ρ_t = s/(t+1)^{e_in}, γ_t = (s/r)/(t+1)^{e_out}. Parameters (benchopt defaults):
/// `step_size` s = 0.1, `outer_ratio` r = 1, `batch_size` 64, `inner_exponent` 1/2,
/// `outer_exponent` 1/2. Cost: one fused gradient + Hessian/cross product, one upper gradient.
public final class SOBA: StochasticSolver {
    public static let name = "soba"
    public static let summary = "SOBA: one SGD step on y, v (linear system) and x per iteration, decaying steps."

    /// SOBA's parameters (benchopt defaults).
    public struct Parameters: StochasticSolverParameters {
        /// s: the inner step (y and v).
        public var stepSize: Float = 0.1
        /// r: the outer step is s/r.
        public var outerRatio: Float = 1
        /// b: minibatch size.
        public var batchSize = 64
        /// Decay exponent of the inner step.
        public var innerExponent: Float = 0.5
        /// Decay exponent of the outer step.
        public var outerExponent: Float = 0.5

        public init() {}

        public func validate() throws(StochasticSolverError) {
            try requirePositive(stepSize, "step_size")
            try requirePositive(outerRatio, "outer_ratio")
            try requireNonNegative(innerExponent, "inner_exponent")
            try requireNonNegative(outerExponent, "outer_exponent")
        }
    }

    private let state: SOBADirections
    private let innerStep: StepSchedule
    private let outerStep: StepSchedule
    private var iteration = 0
    public var x: FloatBuffer { state.x }
    public var y: FloatBuffer { state.y }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        state = SOBADirections(problem: problem, seed: seed)
        innerStep = StepSchedule(parameters.stepSize, exponent: parameters.innerExponent)
        outerStep = StepSchedule(parameters.stepSize / parameters.outerRatio, exponent: parameters.outerExponent)
    }

    public func step() {
        let rho = innerStep.value(at: iteration)
        let gamma = outerStep.value(at: iteration)
        iteration += 1
        state.sample()
        let dy = state.problem.innerDimension
        VectorUpdate.subtract(rho, times: state.a.constPointer, from: state.y.pointer, count: dy)
        VectorUpdate.subtract(rho, timesSumOf: state.p.constPointer, state.d.constPointer,
                              from: state.v.pointer, count: dy)
        VectorUpdate.subtract(gamma, times: state.c.constPointer, from: state.x, on: state.innerSupport)
        VectorUpdate.subtract(gamma, times: state.e.constPointer, from: state.x, on: state.outerSupport)
    }
}
