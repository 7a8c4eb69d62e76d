import ArgumentParser
import Bilevel

/// Flags of `bilevel solve --solver penalty_sapd|projected_v_pbgd` on the minimax problems
/// (METHODS.md §2.8). [R] marks reconstructed choices.
struct PenaltyOptions: ParsableArguments {
    @Option(help: "penalty_sapd: penalty rho > 0 (Theta(1/eps); constant [R]).")
    var rho: Float = PenaltySAPDParameters().rho
    @Option(name: .customLong("lipschitz"), help: ArgumentHelp("penalty_sapd: L, primal proximal term L||u - u_k||^2 (mu_u = L).", valueName: "L"))
    var lipschitz: Float = PenaltySAPDParameters().lipschitz
    @Option(help: "penalty_sapd: target accuracy eps > 0; dual modulus eps/(2D) unless --dual-modulus [R].")
    var eps: Float = PenaltySAPDParameters().eps
    @Option(help: "penalty_sapd: SAPD momentum theta in (0, 1); default: theta_bar from kappa = 2L/sqrt(mu_u mu_w) [R].")
    var theta: Float?
    @Option(name: .customLong("inner-steps"), help: ArgumentHelp("penalty_sapd: N, SAPD steps per outer step (K outer steps = --max-iter).", valueName: "N"))
    var innerSteps = PenaltySAPDParameters().innerSteps
    @Option(name: .customLong("dual-anchor"), help: "penalty_sapd: dual proximal anchor, initial (w_0, [S4]) or current (w_k, [C4]) [R].")
    var dualAnchor: String = DualAnchor.initial.rawValue
    @Option(name: .customLong("dual-modulus"), help: "penalty_sapd: mu_w of the dual proximal term (default eps/(2D), D = diameter of Y2) [R].")
    var dualModulus: Float?
    @Flag(inversion: .prefixedNo, help: "penalty_sapd: keep SAPD's previous dual gradient across outer steps [R].")
    var warmMomentum = true
    @Option(name: .customLong("x1-scale"), help: "penalty_sapd: multiplier on the x1 gradient (per-block scaling, [C4] Table 6) [R].")
    var x1Scale: Float = 1
    @Option(name: .customLong("gap-steps"), help: "Projected gradient steps of the lower-gap estimate when no closed form exists [R].")
    var gapSteps = PenaltySAPDParameters().gapSteps
    @Option(name: .customLong("gap-step"), help: "Step size of those steps [R].")
    var gapStep = PenaltySAPDParameters().gapStep
    @Option(name: .customLong("stop-kkt"), help: "Stop once kkt_residual and ll_gap are both at most this.")
    var stopKKT: Double?
    @Option(help: "constrained-cleaning: ball radius r of ||theta|| <= r.")
    var radius: Float = 1
    @Option(name: .customLong("multiplier-bound"), help: "Multiplier bound Lambda (default: ln(10)/r^2 from the Slater point theta = 0, [R]; closed-form-constrained: 10).")
    var multiplierBound: Float?
    @Option(help: "constrained-cleaning: dual (multiplier, for penalty_sapd) or projection (for projected_v_pbgd).")
    var formulation: String?
    @Option(help: "constrained-cleaning: c of c||theta||^2; group-robust: lambda of lambda/2||theta||^2.")
    var regularization: Float = 0
    @Option(help: "group-robust: eta of -(eta/2)||q - 1/G||^2 in the lower level.")
    var eta: Float = 0.1
    @Option(name: .customLong("upper-eta"), help: "group-robust: eta_u of the upper level's smoothed worst group.")
    var upperEta: Float = 0.1

    func validate() throws {
        guard DualAnchor(rawValue: dualAnchor) != nil else { throw ValidationError("--dual-anchor must be initial or current, got '\(dualAnchor)'") }
        if let formulation, ConstrainedCleaningProblem.Formulation(rawValue: formulation) == nil {
            throw ValidationError("--formulation must be dual or projection, got '\(formulation)'")
        }
        if let theta, !(theta > 0 && theta < 1) { throw ValidationError("--theta must be in (0, 1), got \(theta)") }
        if let stopKKT, !(stopKKT > 0) { throw ValidationError("--stop-kkt must be positive, got \(stopKKT)") }
    }

    /// The penalty_sapd parameters of these flags.
    func parameters(batchSize: Int) throws -> PenaltySAPDParameters {
        var p = PenaltySAPDParameters()
        (p.rho, p.lipschitz, p.eps, p.theta, p.innerSteps) = (rho, lipschitz, eps, theta ?? 0, innerSteps)
        p.dualAnchor = DualAnchor(rawValue: dualAnchor) ?? .initial
        (p.dualModulus, p.warmMomentum, p.x1Scale, p.gapSteps, p.gapStep, p.batchSize) =
            (dualModulus ?? 0, warmMomentum, x1Scale, gapSteps, gapStep, batchSize)
        if let theta, !(theta > 0 && theta < 1) { throw ValidationError("--theta must be in (0, 1), got \(theta)") }
        if let dualModulus, !(dualModulus > 0) { throw ValidationError("--dual-modulus must be positive, got \(dualModulus)") }
        do { try p.validate() } catch { throw ValidationError(error.description) }
        return p
    }

    /// The problem settings of these flags.
    func settings(solver: String, batchSize: Int, seed: Int) throws -> MinimaxProblemSettings {
        var s = MinimaxProblemSettings()
        (s.radius, s.multiplierBound, s.regularization, s.eta, s.upperEta, s.batchSize, s.seed) =
            (radius, multiplierBound, regularization, eta, upperEta, batchSize, seed)
        s.formulation = formulation.flatMap(ConstrainedCleaningProblem.Formulation.init(rawValue:))
            ?? (solver == ProjectedVPBGD.name ? .projection : .dual)
        do { try s.validate() } catch { throw ValidationError(error.description) }
        return s
    }
}
