import Tensor

/// NBO-CG, Newton-based bilevel optimisation with a conjugate-gradient subsolver (Dong, Yang,
/// Yao, Zhang, ICML 2025; METHODS.md §2.7), full batch.
///
/// As ``NBOGD``, but both systems H_k v = G (from v = 0) and H_k u = F (warm-started at u_k) are
/// solved by conjugate gradients with the frozen H_k = ∇²_yy g(x_k, y_k). The two CG recursions
/// keep their own scalars and share one stacked product H_k·[p_v | p_u] per iteration; a system
/// stops moving once ‖r‖ ≤ `tolerance`·‖right-hand side‖ and the loop ends when both have, or
/// after `max_cg_iterations`. Parameters [R] (not in the seed): `outer_step_size` α = 1,
/// `tolerance` 1e-4, `max_cg_iterations` 10.
public final class NBOCG: StochasticSolver {
    public static let name = "nbo_cg"
    public static let summary = "NBO-CG: conjugate gradients on the Newton and hypergradient systems with one frozen Hessian, full batch."

    /// NBO-CG's parameters ([R] defaults).
    public struct Parameters: StochasticSolverParameters {
        /// α: the outer step.
        public var outerStepSize: Float = 1
        /// Relative residual at which a system's CG stops.
        public var tolerance: Float = 1e-4
        /// CG iterations at most (each one stacked Hessian product).
        public var maxCgIterations = 10

        public init() {}
        /// Full batches.
        public var batchSize: Int { Self.fullBatch }

        public func validate() throws(StochasticSolverError) {
            try requirePositive(outerStepSize, "outer_step_size")
            try requirePositive(tolerance, "tolerance")
            try requireCount(maxCgIterations, "max_cg_iterations")
        }
    }

    private let state: NBOState
    private let parameters: Parameters
    /// Residuals [r_v | r_u] and search directions [p_v | p_u] (2 × d_y each).
    private let residuals: FloatBuffer
    private let directions: FloatBuffer
    public var x: FloatBuffer { state.x }
    public var y: FloatBuffer { state.y }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        state = NBOState(problem: problem, seed: seed)
        self.parameters = parameters
        residuals = FloatBuffer(count: 2 * problem.innerDimension)
        directions = FloatBuffer(count: 2 * problem.innerDimension)
    }

    public func step() {
        let dy = state.dy
        state.linearize(lowerBatches: 1, upperBatches: 1)
        state.startPair()
        // r = [G | F] − H_k·[0 | u_k] = p.
        state.multiplyPair(batches: 1)
        let r = residuals.pointer, h = state.products.pointer, b = state.rightHandSides.constPointer
        for k in 0..<(2 * dy) { r[k] = b[k] - h[k] }
        directions.copy(from: residuals)
        var squared = (dot(count: dy, x: r, y: r), dot(count: dy, x: r + dy, y: r + dy))
        let tolerance = parameters.tolerance
        let targets = (tolerance * tolerance * dot(count: dy, x: b, y: b), tolerance * tolerance * dot(count: dy, x: b + dy, y: b + dy))
        var active = (squared.0 > targets.0, squared.1 > targets.1)
        var iteration = 0
        while (active.0 || active.1) && iteration < parameters.maxCgIterations {
            iteration += 1
            state.multiplyPair(batches: 1, block: directions.constPointer)  // H_k·[p_v | p_u], one stacked product
            if active.0 { active.0 = cgUpdate(offset: 0, squared: &squared.0, target: targets.0) }
            if active.1 { active.1 = cgUpdate(offset: dy, squared: &squared.1, target: targets.1) }
        }
        state.finish(outerStep: parameters.outerStepSize, crossBatches: 1, upperBatches: 1)
    }

    /// One CG update of the system at `offset` given products = H_k·p; false once it has converged
    /// (or lost positive curvature in Float32).
    private func cgUpdate(offset: Int, squared rr: inout Float, target: Float) -> Bool {
        let dy = state.dy
        let xk = state.pair.pointer + offset, r = residuals.pointer + offset, p = directions.pointer + offset
        let hp = state.products.pointer + offset
        let curvature = dot(count: dy, x: p, y: hp)
        guard curvature > 0 else { return false }
        let step = rr / curvature
        axpy(count: dy, alpha: step, x: p, y: xk)
        axpy(count: dy, alpha: -step, x: hp, y: r)
        let next = dot(count: dy, x: r, y: r)
        let beta = next / rr
        for k in 0..<dy { p[k] = r[k] + beta * p[k] }
        rr = next
        return next > target
    }
}
