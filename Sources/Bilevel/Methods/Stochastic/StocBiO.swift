import Tensor

/// StocBiO, stochastic bilevel optimisation with a Neumann-series inverse-Hessian estimate (Ji,
/// Yang, Liang, "Bilevel Optimization: Convergence Analysis and Enhanced Design", ICML 2021;
/// benchopt `solvers/stocbio.py`, METHODS.md §2.3).
///
/// Per iteration, with η = s and γ = s/r constant:
///
///     T SGD steps y ← y − η·∇_y g_{I_k}(x, y)          (warm start, fresh batches)
///     d, e = ∇_y f_J, ∇_x f_J at the new y
///     p₀ = d, p_k = p_{k−1} − η·H_{I'_k}·p_{k−1}, q = η·Σ_{k=0..Q} p_k  ≈ H⁻¹·d
///     x ← x − γ·(e − ∇²_xy g_{I''}·q)
///
/// Parameters (benchopt defaults): `step_size` 0.1, `outer_ratio` 1, `batch_size` 64,
/// `n_inner_steps` T = 10, `n_shia_steps` Q = 10. Cost: T gradients, Q Hessian products, one cross
/// product and one upper gradient.
public final class StocBiO: StochasticSolver {
    public static let name = "stocbio"
    public static let summary = "StocBiO: T inner SGD steps, Neumann series (Q terms) for H^-1 grad_y f, constant steps."

    /// StocBiO's parameters (benchopt defaults).
    public struct Parameters: StochasticSolverParameters {
        /// s: inner SGD and Neumann step η.
        public var stepSize: Float = 0.1
        /// r: the outer step is s/r.
        public var outerRatio: Float = 1
        /// b: minibatch size.
        public var batchSize = 64
        /// T: inner SGD steps per iteration.
        public var nInnerSteps = 10
        /// Q: Neumann-series terms.
        public var nShiaSteps = 10

        public init() {}

        public func validate() throws(StochasticSolverError) {
            try requirePositive(stepSize, "step_size")
            try requirePositive(outerRatio, "outer_ratio")
            try requireCount(nInnerSteps, "n_inner_steps")
            try requireCount(nShiaSteps, "n_shia_steps")
        }
    }

    private let state: TwoLoopState
    private let parameters: Parameters
    private let term: FloatBuffer
    private let sum: FloatBuffer
    public var x: FloatBuffer { state.x }
    public var y: FloatBuffer { state.y }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        state = TwoLoopState(problem: problem, seed: seed)
        self.parameters = parameters
        term = FloatBuffer(count: problem.innerDimension)
        sum = FloatBuffer(count: problem.innerDimension)
    }

    public func step() {
        let eta = parameters.stepSize
        let dy = state.problem.innerDimension
        state.innerSGD(steps: parameters.nInnerSteps, stepSize: eta)
        state.upperGradients()
        term.copy(from: state.d)
        sum.copy(from: state.d)
        for _ in 0..<parameters.nShiaSteps {
            state.hessianTimes(term.constPointer, into: state.scratch.pointer)
            VectorUpdate.subtract(eta, times: state.scratch.constPointer, from: term.pointer, count: dy)
            VectorUpdate.add(term.constPointer, to: sum.pointer, count: dy)
        }
        for k in 0..<dy { sum.pointer[k] *= eta }
        state.outerStep(estimate: sum.constPointer, stepSize: eta / parameters.outerRatio)
    }
}
