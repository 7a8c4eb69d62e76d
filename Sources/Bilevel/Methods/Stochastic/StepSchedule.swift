#if canImport(Glibc)
    import Glibc
#endif

/// benchopt's learning-rate schedule lr_t = c / (t + 1)^e, t = 0, 1, … the outer iteration
/// (METHODS.md §1.4; e = 0 is a constant step).
public struct StepSchedule: Sendable, Equatable {
    /// c, the step at t = 0.
    public var initial: Float
    /// e ≥ 0, the decay exponent.
    public var exponent: Float

    /// The schedule c / (t + 1)^e.
    public init(_ initial: Float, exponent: Float = 0) {
        self.initial = initial
        self.exponent = exponent
    }

    /// lr_t for outer iteration `t`.
    public func value(at t: Int) -> Float {
        exponent == 0 ? initial : initial / powf(Float(t + 1), exponent)
    }
}
