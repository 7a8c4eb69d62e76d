/// Which df/dx the toy's upper gradient uses (`--toy-df`).
///
/// The reference code (official toy and the benchmark) writes the denominator of the first term
/// of df/dx as `1 + exp(2 - 4x)**2` instead of `(1 + exp(2 - 4x))**2` (PBGD.md §1.2, quirk Q4).
/// ``official`` keeps that bug and reproduces the published numbers; ``exact`` is the true
/// derivative.
public enum ToyDerivative: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// The reference code's df/dx, denominator 1 + E^2 (default; reproduces PBGD.md §6).
    case official
    /// The true df/dx, denominator (1 + E)^2.
    case exact

    /// One line for the user.
    /// The CLI/JSON name.
    public var description: String { rawValue }
}
