/// The penalty method run on the toy (`--method`).
public enum ToyMethod: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// V-PBGD: penalty g - v (value-function gap); on the toy its gradient is ∇g.
    case vPBGD = "v_pbgd"
    /// G-PBGD: penalty 0.5 ||∇_y g||^2 (lower-level gradient norm).
    case gPBGD = "g_pbgd"

    /// One line for the user.
    /// The CLI/JSON name.
    public var description: String { rawValue }
}
