/// The PBGD penalty schedule: γ ramps linearly from `gammaInit` to `gammaMax` over
/// `gammaArgmaxStep` iterations, in Float64 as the reference's Python floats (PBGD.md §3.2).
///
/// The objective is scaled by c = min(1/(γ + 1e-8), 1), so for γ > 1 the upper objective's weight
/// decays as 1/γ while the penalty keeps weight ≈ 1.
public struct PenaltySchedule: Codable, Sendable, Equatable {
    /// Current γ.
    public private(set) var gamma: Double
    /// Increment per iteration, (γ_max − γ_init) / gamma_argmax_step.
    public let increment: Double
    /// Cap (raised to γ_init when γ_init exceeds it, as the reference does).
    public let gammaMax: Double

    /// The schedule at iteration 0.
    public init(gammaInit: Double, gammaMax: Double, gammaArgmaxStep: Double) {
        let cap = max(gammaMax, gammaInit)
        gamma = gammaInit
        increment = (cap - gammaInit) / gammaArgmaxStep
        self.gammaMax = cap
    }

    /// c = min(1/(γ + 1e-8), 1).
    public var scale: Double { min(1 / (gamma + 1e-8), 1) }

    /// γ ← min(γ_max, γ + increment), after each update.
    public mutating func advance() { gamma = min(gammaMax, gamma + increment) }
}
