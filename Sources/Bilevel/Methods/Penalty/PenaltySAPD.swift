import Tensor

/// `penalty_sapd`: the penalty-based first-order method for bilevel problems with a minimax or
/// constrained lower level (Shen, He, Wang, Lin, "Penalty-Based First-Order Methods for Bilevel
/// Optimization with Minimax and Constrained Lower-Level Problems", [S4]; Alg. 1 of [C4]),
/// METHODS.md §2.8.
///
/// The bilevel problem becomes min_u max_w P_ρ(u, w) (``PenaltyFunction``), solved by an inexact
/// proximal point method: outer step k solves the strongly-convex–strongly-concave
///
///     P_k(u, w) = P_ρ(u, w) + L‖u − u_k‖² − μ_w/2‖w − w̄‖²,   w̄ = w₀ (initial) or w_k (current)
///
/// approximately with N steps of ``SAPD`` from (u_k, w_k), split as Φ = P_ρ + L/2‖u − u_k‖²,
/// p = L/2‖u − u_k‖² (μ_u = L), q = μ_w/2‖w − w̄‖². μ_w = ε/(2D) by default (the [S4] form
/// ε/(4D)‖w − w₀‖²) and θ = θ̄(κ = 2L/√(μ_u μ_w)) unless set; both [R]. The stochastic variant
/// draws one upper and one lower minibatch per gradient evaluation. The last iterate is
/// reported ([C4] returns a uniformly drawn one). Parameters: ``PenaltySAPDParameters``.
public final class PenaltySAPD {
    /// CLI name.
    public static let name = "penalty_sapd"
    /// One line for `--help`.
    public static let summary = "penalty method (gap penalty, inexact proximal point, SAPD inner solver) for minimax / constrained lower levels"

    /// The parameters in use.
    public let parameters: PenaltySAPDParameters
    /// P_ρ and its oracle counter.
    public let penalty: PenaltyFunction
    /// KKT residual and lower gap.
    public let residuals: PenaltyResiduals
    /// The inner solver.
    public let sapd: SAPD
    /// The current `[u | w]` point.
    public let point: FloatBuffer
    /// The dual modulus μ_w in use.
    public let dualModulus: Float
    /// θ̄ for this problem's moduli (the admissible minimum).
    public let minimumTheta: Float
    /// Outer steps done.
    public private(set) var outerIteration = 0

    private let dualCentre: FloatBuffer
    private let primalAnchor: FloatBuffer

    /// The method on `problem` from its initial point; `seed` seeds the minibatch samplers.
    ///
    /// - Throws: ``MinimaxProblemError`` for bad parameters or sets.
    public init(problem: any MinimaxBilevelProblem, parameters: PenaltySAPDParameters, seed: Int) throws(MinimaxProblemError) {
        try parameters.validate()
        try problem.sets.validate(problem.sizes)
        self.parameters = parameters
        penalty = PenaltyFunction(problem: problem, rho: parameters.rho, x1Scale: parameters.x1Scale)
        let layout = penalty.layout
        if parameters.batchSize > 0 {
            let counts = problem.batchCounts
            let base = UInt32(truncatingIfNeeded: 2 &* seed)
            penalty.samplers = (MinibatchSampler(batchCount: counts.upper, seed: base),
                                MinibatchSampler(batchCount: counts.lower, seed: base &+ 1))
        }
        residuals = PenaltyResiduals(penalty: penalty, gapSteps: parameters.gapSteps, gapStep: parameters.gapStep)
        let diameter = problem.sets.y2.diameter(count: problem.sizes.y2)
        let d = diameter.isFinite && diameter > 0 ? diameter : 1
        dualModulus = parameters.dualModulus > 0 ? parameters.dualModulus : Float(Double(parameters.eps) / (2 * d))
        let muU = parameters.lipschitz
        minimumTheta = Float(SAPD.minimumTheta(coupling: 2 * Double(muU), muU: Double(muU), muW: Double(dualModulus)))
        let theta = parameters.theta > 0 ? parameters.theta : max(minimumTheta, 1e-3)
        point = layout.initialVector(problem.initialPoint)
        dualCentre = FloatBuffer(count: layout.wCount)
        dualCentre.pointer.update(from: point.pointer + layout.uCount, count: layout.wCount)
        primalAnchor = FloatBuffer(count: layout.uCount)
        sapd = SAPD(oracle: penalty, theta: theta, muU: muU, muW: dualModulus, primalQuadratic: muU)
    }

    /// One outer step: anchors at (u_k, w̄), then N SAPD steps. Allocates nothing.
    public func step() {
        let layout = penalty.layout
        primalAnchor.pointer.update(from: point.pointer, count: layout.uCount)
        if parameters.dualAnchor == .current {
            // w̄ = w_k, copied because SAPD updates w in place; with .initial w̄ stays w₀.
            dualCentre.pointer.update(from: point.pointer + layout.uCount, count: layout.wCount)
        }
        if !parameters.warmMomentum { sapd.resetMomentum() }
        sapd.run(parameters.innerSteps, point: point.pointer, primalAnchor: primalAnchor.constPointer,
                 dualAnchor: dualCentre.constPointer)
        outerIteration += 1
    }

    /// First-order oracle calls so far.
    public var oracleCalls: Int { penalty.oracleCalls }
    /// θ in use.
    public var theta: Float { sapd.theta }
}
