/// A bilevel problem with a minimax lower level (METHODS.md §2.8, [C4] eq. 13):
///
///     min_{x1 ∈ X1, y1, y2} max_{x2 ∈ X2} f(x1, x2, y1, y2)
///     s.t. (y1, y2) is a saddle point of min_{z1 ∈ Y1} max_{z2 ∈ Y2} ft(x1, z1, z2)
///
/// seen through block gradients: ``upper(_:gradients:)`` gives f and its four block gradients,
/// ``lower(x1:z1:z2:gradientX1:gradientZ1:gradientZ2:)`` gives ft and its three. ft(x1, ·, ·) is
/// convex–concave (not necessarily strongly); a constrained lower level min φ s.t. ψ ≤ 0 enters as
/// ft = φ + λᵀψ with λ in a capped simplex. A `nil` output pointer means the caller does not need
/// that block, so a problem may skip work for it (the penalty method asks for only what a step
/// uses). Oracles allocate nothing and outputs must not alias inputs.
///
/// Stochastic problems draw minibatches: ``selectBatches(upper:lower:)`` fixes the samples of the
/// following calls (`nil` = all samples, the deterministic oracle).
public protocol MinimaxBilevelProblem: AnyObject {
    /// Sizes of x1, x2, y1 (= z1) and y2 (= z2).
    var sizes: MinimaxBlockSizes { get }
    /// The feasible sets X1, X2, Y1, Y2.
    var sets: MinimaxBlockSets { get }
    /// Starting values of x1, x2, y1, y2 (z1 and z2 start at y1 and y2).
    var initialPoint: MinimaxInitialPoint { get }
    /// A short name for records (`data_name`).
    var name: String { get }

    /// f(x1, x2, y1, y2) and its block gradients (each output overwritten when non-nil).
    func upper(_ point: MinimaxUpperPoint, gradients: MinimaxUpperGradients) -> Double
    /// ft(x1, z1, z2) and its block gradients d_1 ft, d_2 ft, d_3 ft (each overwritten when non-nil).
    func lower(
        x1: UnsafePointer<Float>, z1: UnsafePointer<Float>, z2: UnsafePointer<Float>,
        gradientX1: UnsafeMutablePointer<Float>?, gradientZ1: UnsafeMutablePointer<Float>?,
        gradientZ2: UnsafeMutablePointer<Float>?) -> Double

    /// Number of upper and lower minibatches (1 and 1 for a deterministic problem).
    var batchCounts: (upper: Int, lower: Int) { get }
    /// Restricts the following oracle calls to one upper and one lower minibatch (nil: all samples).
    func selectBatches(upper: Int?, lower: Int?)

    /// The exact lower-level primal–dual gap max_{z2} ft(x1, y1, z2) − min_{z1} ft(x1, z1, y2) when
    /// the problem knows it in closed form; nil otherwise (the method then estimates it).
    func exactLowerGap(x1: UnsafePointer<Float>, y1: UnsafePointer<Float>, y2: UnsafePointer<Float>) -> Double?
    /// Problem-specific metrics at a point (distance to the known solution, test accuracy, …).
    func metrics(_ point: MinimaxUpperPoint) -> [(key: String, value: MetricValue)]
}

extension MinimaxBilevelProblem {
    public var batchCounts: (upper: Int, lower: Int) { (1, 1) }
    public func selectBatches(upper: Int?, lower: Int?) {}
    public func exactLowerGap(x1: UnsafePointer<Float>, y1: UnsafePointer<Float>, y2: UnsafePointer<Float>) -> Double? { nil }
}

/// Sizes of the four blocks of a ``MinimaxBilevelProblem``.
public struct MinimaxBlockSizes: Sendable, Equatable {
    /// Upper minimising variables (hyper-parameters).
    public var x1: Int
    /// Upper maximising variables (0 when f has none).
    public var x2: Int
    /// Lower minimising variables (the lower solution y1 and its copy z1).
    public var y1: Int
    /// Lower maximising variables (y2, z2; multipliers of a constrained lower level).
    public var y2: Int

    /// Block sizes; see the properties.
    public init(x1: Int, x2: Int, y1: Int, y2: Int) {
        (self.x1, self.x2, self.y1, self.y2) = (x1, x2, y1, y2)
    }
}

/// The feasible sets of the four blocks.
public struct MinimaxBlockSets: Sendable, Equatable {
    /// X1, X2, Y1, Y2.
    public var x1, x2, y1, y2: ConstraintSet

    /// Block sets; see the properties.
    public init(x1: ConstraintSet = .unconstrained, x2: ConstraintSet = .unconstrained,
                y1: ConstraintSet = .unconstrained, y2: ConstraintSet = .unconstrained) {
        (self.x1, self.x2, self.y1, self.y2) = (x1, x2, y1, y2)
    }

    /// Checks every set against its block size.
    ///
    /// - Throws: ``MinimaxProblemError/invalidSet(block:set:reason:)``.
    public func validate(_ sizes: MinimaxBlockSizes) throws(MinimaxProblemError) {
        try x1.validate(block: "x1", count: sizes.x1)
        try x2.validate(block: "x2", count: sizes.x2)
        try y1.validate(block: "y1", count: sizes.y1)
        try y2.validate(block: "y2", count: sizes.y2)
    }
}

/// Starting values of the four blocks.
public struct MinimaxInitialPoint: Sendable {
    /// x1, x2, y1, y2.
    public var x1, x2, y1, y2: [Float]

    /// Initial values; see the properties.
    public init(x1: [Float], x2: [Float], y1: [Float], y2: [Float]) {
        (self.x1, self.x2, self.y1, self.y2) = (x1, x2, y1, y2)
    }
}

/// The arguments (x1, x2, y1, y2) of f.
public struct MinimaxUpperPoint {
    /// Block pointers.
    public var x1, x2, y1, y2: UnsafePointer<Float>

    /// A point; see the properties.
    public init(x1: UnsafePointer<Float>, x2: UnsafePointer<Float>, y1: UnsafePointer<Float>, y2: UnsafePointer<Float>) {
        (self.x1, self.x2, self.y1, self.y2) = (x1, x2, y1, y2)
    }
}

/// Outputs d_x1 f, d_x2 f, d_y1 f, d_y2 f (nil: not needed).
public struct MinimaxUpperGradients {
    /// Block outputs.
    public var x1, x2, y1, y2: UnsafeMutablePointer<Float>?

    /// Outputs; see the properties.
    public init(x1: UnsafeMutablePointer<Float>? = nil, x2: UnsafeMutablePointer<Float>? = nil,
                y1: UnsafeMutablePointer<Float>? = nil, y2: UnsafeMutablePointer<Float>? = nil) {
        (self.x1, self.x2, self.y1, self.y2) = (x1, x2, y1, y2)
    }
}

/// Why a minimax bilevel problem or its solver could not be set up; one line each.
public enum MinimaxProblemError: Error, CustomStringConvertible, Equatable {
    /// A block's set is empty or malformed.
    case invalidSet(block: String, set: String, reason: String)
    /// A problem or solver parameter is out of range.
    case invalidParameter(name: String, value: String, valid: String)
    /// No minimax problem has this name.
    case unknownProblem(String, known: [String])

    public var description: String {
        switch self {
        case .invalidSet(let block, let set, let reason): return "constraint set of \(block) (\(set)) is invalid: \(reason)"
        case .invalidParameter(let name, let value, let valid): return "\(name) = \(value) is out of range: must be \(valid)"
        case .unknownProblem(let name, let known): return "unknown problem '\(name)'; known problems: \(known.joined(separator: ", "))"
        }
    }
}
