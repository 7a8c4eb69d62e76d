import Tensor

/// NBO-GD, Newton-based bilevel optimisation with a gradient-descent subsolver (Dong, Yang, Yao,
/// Zhang, "Efficient Curvature-Aware Hypergradient Approximation for Bilevel Optimization",
/// ICML 2025, Algorithms 2–3; METHODS.md §2.7), full batch.
///
/// The Newton direction v ≈ H_k⁻¹·∇_y g and the warm-started u ≈ H_k⁻¹·∇_y f share the Hessian
/// H_k = ∇²_yy g(x_k, y_k), frozen for the whole subsolver; each of its T + 1 steps multiplies H_k
/// by the stacked pair [v | u] once:
///
///     v⁰ = 0, u⁰ = u_k;  for t = 0…T:  v ← v − β·(H_k v − G),  u ← u − β·(H_k u − F)
///     y_{k+1} = y_k − v,  u_{k+1} = u,  x_{k+1} = x_k − α·(∇_x f − ∇²_xy g·u_{k+1})(x_k, y_{k+1})
///
/// (the u-form of the paper's w-system, w = u_k − u). T = 0 is one SOBA-type step. Parameters
/// (seed 002's synthetic experiment): `step_size` β = 0.03, `outer_step_size` α = 1,
/// `n_inner_steps` T = 1 (two GD steps). Cost: 1 ∇_y g + 1 ∇_y f at (x_k, y_k), T + 1 stacked
/// Hessian products, then 1 ∇_x f + 1 cross product at (x_k, y_{k+1}).
public final class NBOGD: StochasticSolver {
    public static let name = "nbo_gd"
    public static let summary = "NBO-GD: T+1 GD steps on the Newton and hypergradient systems with one frozen Hessian, full batch."

    /// NBO-GD's parameters (seed 002's synthetic-experiment values).
    public struct Parameters: StochasticSolverParameters {
        /// β: the subsolver's GD step.
        public var stepSize: Float = 0.03
        /// α: the outer step.
        public var outerStepSize: Float = 1
        /// T ≥ 0: the subsolver runs T + 1 steps.
        public var nInnerSteps = 1

        public init() {}
        /// Full batches.
        public var batchSize: Int { Self.fullBatch }

        public func validate() throws(StochasticSolverError) {
            try requirePositive(stepSize, "step_size")
            try requirePositive(outerStepSize, "outer_step_size")
            try requireNonNegative(nInnerSteps, "n_inner_steps")
        }
    }

    private let state: NBOState
    private let parameters: Parameters
    public var x: FloatBuffer { state.x }
    public var y: FloatBuffer { state.y }
    /// u, the hypergradient system's warm-started solution.
    public var u: FloatBuffer { state.u }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        state = NBOState(problem: problem, seed: seed)
        self.parameters = parameters
    }

    public func step() {
        state.linearize(lowerBatches: 1, upperBatches: 1)
        state.startPair()
        for _ in 0...parameters.nInnerSteps {
            state.multiplyPair(batches: 1)
            state.gradientStepOnPair(parameters.stepSize)
        }
        state.finish(outerStep: parameters.outerStepSize, crossBatches: 1, upperBatches: 1)
    }
}

extension NBOState {
    /// One GD step on both quadratics from ``products`` = H_k·pair: pair ← pair − β·(products − [G | F]).
    func gradientStepOnPair(_ beta: Float) {
        let p = pair.pointer, h = products.constPointer, r = rightHandSides.constPointer
        for k in 0..<(2 * dy) { p[k] -= beta * (h[k] - r[k]) }
    }
}
