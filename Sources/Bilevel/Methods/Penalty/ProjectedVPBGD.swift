import Tensor

/// Projected V-PBGD (Shen & Chen, ICML 2023, value-function penalty) on a
/// ``MinimaxBilevelProblem`` whose lower level is a plain constrained minimisation (no x2, no
/// y2): the comparison method for constrained lower levels handled by projection onto Y1.
///
/// Per iteration, with γ fixed: ω ← Proj_Y1(ω − η_in ∇_z ft(x, ω)) (`innerSteps` times), then with
/// ω frozen, x ← Proj_X1(x − η_x(∂_x f + γ(∂_x ft(x, w) − ∂_x ft(x, ω)))) and
/// w ← Proj_Y1(w − η_y(∂_y f + γ ∂_z ft(x, w))), both gradients taken before either update.
/// Allocates nothing after init; counts oracle calls as ``PenaltyFunction`` does.
public final class ProjectedVPBGD {
    /// CLI name.
    public static let name = "projected_v_pbgd"

    /// Step sizes, inner steps and penalty.
    public struct Parameters: Sendable, Equatable {
        /// η_x.
        public var lrx: Float = 0.1
        /// η_y.
        public var lry: Float = 0.1
        /// η_in.
        public var lrInner: Float = 0.01
        /// Inner steps per iteration.
        public var innerSteps = 1
        /// Penalty γ.
        public var gamma: Float = 0.2

        /// The defaults (the PBGD linear baseline's rates with γ at its maximum).
        public init() {}
    }

    /// `[x1 | y1]`: the upper variable and the lower iterate w.
    public let point: FloatBuffer
    /// The value-function iterate ω.
    public let omega: FloatBuffer
    /// First-order oracle calls so far.
    public private(set) var oracleCalls = 0
    private let problem: any MinimaxBilevelProblem
    private let parameters: Parameters
    private let empty = FloatBuffer(count: 1)
    private let gradientW: FloatBuffer
    private let lowerX: FloatBuffer
    private let lowerXOmega: FloatBuffer
    private let lowerY: FloatBuffer
    private let scratch: FloatBuffer
    private let upperGradientX: FloatBuffer

    /// The method from the problem's initial point (ω = w₀).
    ///
    /// - Throws: ``MinimaxProblemError`` when the problem has x2 or y2 blocks or bad sets.
    public init(problem: any MinimaxBilevelProblem, parameters: Parameters) throws(MinimaxProblemError) {
        let s = problem.sizes
        guard s.x2 == 0 && s.y2 == 0 else {
            throw .invalidParameter(name: "problem", value: problem.name, valid: "a lower level without a maximising block (use its projection form)")
        }
        try problem.sets.validate(s)
        self.problem = problem
        self.parameters = parameters
        let start = problem.initialPoint
        point = FloatBuffer(start.x1 + start.y1)
        omega = FloatBuffer(start.y1)
        gradientW = FloatBuffer(count: s.y1)
        lowerX = FloatBuffer(count: s.x1)
        lowerXOmega = FloatBuffer(count: s.x1)
        lowerY = FloatBuffer(count: s.y1)
        upperGradientX = FloatBuffer(count: s.x1)
        scratch = FloatBuffer(count: max(s.x1, s.y1, 1))
        problem.sets.x1.project(point.pointer, count: s.x1, scratch: scratch.pointer)
        problem.sets.y1.project(point.pointer + s.x1, count: s.y1, scratch: scratch.pointer)
        problem.sets.y1.project(omega.pointer, count: s.y1, scratch: scratch.pointer)
    }

    /// The upper-level point (x1, –, y1, –) for metrics.
    public var upperPoint: MinimaxUpperPoint {
        MinimaxUpperPoint(x1: point.constPointer, x2: empty.constPointer, y1: point.constPointer + problem.sizes.x1,
                          y2: empty.constPointer)
    }

    /// One iteration. Allocates nothing.
    public func step() {
        let s = problem.sizes
        let x = point.constPointer
        let w = point.pointer + s.x1
        let none = empty.constPointer
        for _ in 0..<parameters.innerSteps {
            _ = problem.lower(x1: x, z1: omega.constPointer, z2: none, gradientX1: nil, gradientZ1: lowerY.pointer, gradientZ2: nil)
            for i in 0..<s.y1 { omega.pointer[i] -= parameters.lrInner * lowerY.pointer[i] }
            problem.sets.y1.project(omega.pointer, count: s.y1, scratch: scratch.pointer)
        }
        _ = problem.upper(upperPoint, gradients: MinimaxUpperGradients(x1: upperGradientX.pointer, y1: gradientW.pointer))
        _ = problem.lower(x1: x, z1: UnsafePointer(w), z2: none, gradientX1: lowerX.pointer, gradientZ1: lowerY.pointer, gradientZ2: nil)
        _ = problem.lower(x1: x, z1: omega.constPointer, z2: none, gradientX1: lowerXOmega.pointer, gradientZ1: nil, gradientZ2: nil)
        oracleCalls += parameters.innerSteps + 3
        let gamma = parameters.gamma
        for i in 0..<s.x1 {
            point.pointer[i] -= parameters.lrx * (upperGradientX.pointer[i] + gamma * (lowerX.pointer[i] - lowerXOmega.pointer[i]))
        }
        for i in 0..<s.y1 { w[i] -= parameters.lry * (gradientW.pointer[i] + gamma * lowerY.pointer[i]) }
        problem.sets.x1.project(point.pointer, count: s.x1, scratch: scratch.pointer)
        problem.sets.y1.project(w, count: s.y1, scratch: scratch.pointer)
    }
}
