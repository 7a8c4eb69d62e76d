import Tensor

/// AmIGO, amortized implicit gradient optimisation (Arbel, Mairal, "Amortized implicit
/// differentiation for stochastic bilevel optimization", ICLR 2022; benchopt `solvers/amigo.py`,
/// METHODS.md §2.4).
///
/// As ``StocBiO``, but H⁻¹·∇_y f is tracked by a warm-started u (u₀ = 0, kept across iterations)
/// refined by T SGD steps on ½uᵀHu − uᵀd:
///
///     T SGD steps on y;  d, e = ∇_y f_J, ∇_x f_J
///     T steps u ← u − η·(H_{I'_k}·u − d);   x ← x − γ·(e − ∇²_xy g_{I''}·u)
///
/// η = s, γ = s/r constant. Parameters (benchopt defaults): `step_size` 0.1, `outer_ratio` 1,
/// `batch_size` 64, `n_inner_steps` T = 10 (both loops).
public final class AmIGO: StochasticSolver {
    public static let name = "amigo"
    public static let summary = "AmIGO: T inner SGD steps on y and T warm-started SGD steps on the linear system, constant steps."

    /// AmIGO's parameters (benchopt defaults).
    public struct Parameters: StochasticSolverParameters {
        /// s: the step η of both inner loops.
        public var stepSize: Float = 0.1
        /// r: the outer step is s/r.
        public var outerRatio: Float = 1
        /// b: minibatch size.
        public var batchSize = 64
        /// T: steps of each inner loop.
        public var nInnerSteps = 10

        public init() {}

        public func validate() throws(StochasticSolverError) {
            try requirePositive(stepSize, "step_size")
            try requirePositive(outerRatio, "outer_ratio")
            try requireCount(nInnerSteps, "n_inner_steps")
        }
    }

    private let state: TwoLoopState
    private let parameters: Parameters
    /// u, tracking +H⁻¹·∇_y f.
    private let u: FloatBuffer
    public var x: FloatBuffer { state.x }
    public var y: FloatBuffer { state.y }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        state = TwoLoopState(problem: problem, seed: seed)
        self.parameters = parameters
        u = FloatBuffer(count: problem.innerDimension)
    }

    public func step() {
        let eta = parameters.stepSize
        let dy = state.problem.innerDimension
        state.innerSGD(steps: parameters.nInnerSteps, stepSize: eta)
        state.upperGradients()
        for _ in 0..<parameters.nInnerSteps {
            state.hessianTimes(u.constPointer, into: state.scratch.pointer)
            let hu = state.scratch.pointer
            let d = state.d.pointer
            for k in 0..<dy { u.pointer[k] -= eta * (hu[k] - d[k]) }
        }
        state.outerStep(estimate: u.constPointer, stepSize: eta / parameters.outerRatio)
    }
}
