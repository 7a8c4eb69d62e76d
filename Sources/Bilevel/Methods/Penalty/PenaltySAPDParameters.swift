/// Where the dual proximal term of the outer loop is anchored (METHODS.md §2.8).
public enum DualAnchor: String, Codable, Sendable, CaseIterable {
    /// −ε/(4D)‖w − w₀‖² ([S4] form; biases w towards w₀ by O(ε)).
    case initial
    /// −ρ₂/2‖w − w_k‖² ([C4]'s written variant; the anchor moves with the iterate).
    case current
}

/// Parameters of ``PenaltySAPD``; snake_case keys in flags and records. Choices marked [R] are
/// reconstructions (METHODS.md §6.3): the constants of the proximal terms, the θ rule for
/// nonlinear coupling, the dual modulus and the gap estimate.
public struct PenaltySAPDParameters: Codable, Sendable, Equatable {
    /// Penalty ρ > 0 (Θ(1/ε) in [S4]; the constant is [R]).
    public var rho: Float = 100
    /// L: Lipschitz bound of ∇P_ρ; the primal proximal term is L‖u − u_k‖² (μ_u = L). [C4] uses 1e4.
    public var lipschitz: Float = 1_000
    /// Target accuracy ε > 0; sets the dual modulus μ_w = ε/(2D) when ``dualModulus`` is 0.
    public var eps: Float = 1e-3
    /// SAPD momentum θ ∈ (0, 1); 0 means θ̄ from κ = 2L/√(μ_u μ_w) [R].
    public var theta: Float = 0
    /// N: SAPD steps per outer step ([C4] Table 6: 1, a single loop).
    public var innerSteps: Int = 1
    /// Anchor of the dual proximal term.
    public var dualAnchor: DualAnchor = .initial
    /// μ_w of the dual proximal term; 0 means ε/(2D) with D the diameter of Y2 (1 when Y2 is
    /// empty or unbounded) [R].
    public var dualModulus: Float = 0
    /// Minibatch size of both levels for the stochastic variant; 0 = full batches (deterministic).
    public var batchSize: Int = 0
    /// Keep SAPD's G_prev across outer steps (with N = 1 a restart would drop the momentum) [R].
    public var warmMomentum: Bool = true
    /// Multiplier on the x1 gradient (per-block scaling, [C4] Table 6) [R].
    public var x1Scale: Float = 1
    /// Projected gradient steps of the lower-gap estimate when there is no closed form [R].
    public var gapSteps: Int = 20
    /// Step size of those steps [R].
    public var gapStep: Float = 0.1

    /// The defaults.
    public init() {}

    /// Checks ranges.
    ///
    /// - Throws: ``MinimaxProblemError/invalidParameter(name:value:valid:)``.
    public func validate() throws(MinimaxProblemError) {
        func positive(_ value: Float, _ name: String) throws(MinimaxProblemError) {
            guard value.isFinite && value > 0 else { throw .invalidParameter(name: name, value: "\(value)", valid: "finite and > 0") }
        }
        try positive(rho, "rho")
        try positive(lipschitz, "lipschitz")
        try positive(eps, "eps")
        try positive(x1Scale, "x1_scale")
        guard theta == 0 || (theta > 0 && theta < 1) else {
            throw .invalidParameter(name: "theta", value: "\(theta)", valid: "in (0, 1), or 0 for the admissible minimum θ̄")
        }
        guard dualModulus.isFinite && dualModulus >= 0 else {
            throw .invalidParameter(name: "dual_modulus", value: "\(dualModulus)", valid: "finite and >= 0 (0 = eps/(2D))")
        }
        guard innerSteps >= 1 else { throw .invalidParameter(name: "inner_steps", value: "\(innerSteps)", valid: ">= 1") }
        guard batchSize >= 0 else { throw .invalidParameter(name: "batch_size", value: "\(batchSize)", valid: ">= 0 (0 = full batch)") }
        guard gapSteps >= 0 else { throw .invalidParameter(name: "gap_steps", value: "\(gapSteps)", valid: ">= 0") }
        guard gapStep.isFinite && gapStep > 0 else { throw .invalidParameter(name: "gap_step", value: "\(gapStep)", valid: "finite and > 0") }
    }
}
