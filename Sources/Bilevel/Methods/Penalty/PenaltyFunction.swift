import Tensor

/// The penalty function of a minimax bilevel problem (METHODS.md §2.8, [S4], [C4] eq. 14):
///
///     P_ρ(x1, x2, y1, y2, z1, z2) = f(x1, x2, y1, y2) + ρ·( ft(x1, y1, z2) − ft(x1, z1, y2) )
///
/// minimised over u = (x1, y1, y2) and maximised over w = (x2, z1, z2). With A = (x1, y1, z2),
/// B = (x1, z1, y2) and d_i the derivative in slot i of ft:
///
///     ∂x1 = ∂x1 f + ρ(d_1 ft(A) − d_1 ft(B))   ∂y1 = ∂y1 f + ρ d_2 ft(A)   ∂y2 = ∂y2 f − ρ d_3 ft(B)
///     ∂x2 = ∂x2 f                              ∂z1 = −ρ d_2 ft(B)           ∂z2 = ρ d_3 ft(A)
///
/// First order only. Gradients are written in the ``PenaltyLayout`` `[x1 y1 y2 | x2 z1 z2]`.
/// Every call of f's or ft's oracle counts as one first-order oracle call (``oracleCalls``).
/// Allocates nothing after init.
public final class PenaltyFunction {
    /// Which half of the gradient a caller needs (SAPD's dual step needs only w, its primal step u).
    public enum Part: Sendable { case all, u, w }

    /// The problem.
    public let problem: any MinimaxBilevelProblem
    /// The block layout.
    public let layout: PenaltyLayout
    /// The penalty parameter ρ > 0.
    public let rho: Float
    /// Multiplier on the x1 gradient (per-block scaling of [C4] Table 6; 1 = the plain gradient).
    public let x1Scale: Float
    /// First-order oracle calls so far (calls of f's plus ft's oracle).
    public private(set) var oracleCalls = 0

    private let lowerX1A: FloatBuffer
    private let lowerX1B: FloatBuffer
    private let lowerZ1: FloatBuffer
    private let lowerZ2: FloatBuffer

    /// P_ρ of `problem` with penalty `rho`.
    public init(problem: any MinimaxBilevelProblem, rho: Float, x1Scale: Float = 1) {
        self.problem = problem
        layout = PenaltyLayout(sizes: problem.sizes, sets: problem.sets)
        self.rho = rho
        self.x1Scale = x1Scale
        let sizes = problem.sizes
        lowerX1A = FloatBuffer(count: sizes.x1)
        lowerX1B = FloatBuffer(count: sizes.x1)
        lowerZ1 = FloatBuffer(count: sizes.y1)
        lowerZ2 = FloatBuffer(count: sizes.y2)
    }

    /// Minibatch samplers of the stochastic variant (nil: deterministic, full-batch oracles).
    public var samplers: (upper: MinibatchSampler, lower: MinibatchSampler)?

    /// Writes the requested half (or all) of ∇P_ρ at `point` into `gradient` (same layout; the
    /// other half is left untouched). Two ft calls and one f call (counted), on one freshly drawn
    /// upper and lower minibatch when ``samplers`` is set; `evaluation: true` uses all samples and
    /// counts nothing (for residuals and logs).
    public func gradient(
        at point: UnsafePointer<Float>, part: Part = .all, into gradient: UnsafeMutablePointer<Float>,
        evaluation: Bool = false
    ) {
        let l = layout
        if evaluation {
            problem.selectBatches(upper: nil, lower: nil)
        } else if samplers != nil {
            problem.selectBatches(upper: samplers?.upper.next(), lower: samplers?.lower.next())
        }
        let s = l.sizes
        let wantU = part != .w
        let wantW = part != .u
        _ = problem.upper(l.upperPoint(point), gradients: MinimaxUpperGradients(
            x1: wantU ? gradient + l.x1 : nil, x2: wantW ? gradient + l.x2 : nil,
            y1: wantU ? gradient + l.y1 : nil, y2: wantU ? gradient + l.y2 : nil))
        // A = (x1, y1, z2): d_1 and d_2 feed the u half, d_3 the w half.
        _ = problem.lower(x1: point + l.x1, z1: point + l.y1, z2: point + l.z2,
                          gradientX1: wantU ? lowerX1A.pointer : nil, gradientZ1: wantU ? lowerZ1.pointer : nil,
                          gradientZ2: wantW ? lowerZ2.pointer : nil)
        if wantU {
            addScaled(rho, lowerZ1.constPointer, to: gradient + l.y1, count: s.y1)
        }
        if wantW {
            scaled(rho, lowerZ2.constPointer, into: gradient + l.z2, count: s.y2)
        }
        // B = (x1, z1, y2): d_1 and d_3 feed the u half, d_2 the w half.
        _ = problem.lower(x1: point + l.x1, z1: point + l.z1, z2: point + l.y2,
                          gradientX1: wantU ? lowerX1B.pointer : nil, gradientZ1: wantW ? lowerZ1.pointer : nil,
                          gradientZ2: wantU ? lowerZ2.pointer : nil)
        if !evaluation { oracleCalls += 3 }
        if wantU {
            let gx = gradient + l.x1
            for i in 0..<s.x1 { gx[i] = x1Scale * (gx[i] + rho * (lowerX1A.pointer[i] - lowerX1B.pointer[i])) }
            addScaled(-rho, lowerZ2.constPointer, to: gradient + l.y2, count: s.y2)
        }
        if wantW {
            scaled(-rho, lowerZ1.constPointer, into: gradient + l.z1, count: s.y1)
        }
    }

    /// P_ρ at `point` (one f and two ft calls, not counted as optimisation work).
    public func value(at point: UnsafePointer<Float>) -> (penalty: Double, upper: Double, lowerA: Double, lowerB: Double) {
        let l = layout
        problem.selectBatches(upper: nil, lower: nil)
        let upper = problem.upper(l.upperPoint(point), gradients: MinimaxUpperGradients())
        let lowerA = problem.lower(x1: point + l.x1, z1: point + l.y1, z2: point + l.z2,
                                   gradientX1: nil, gradientZ1: lowerZ1.pointer, gradientZ2: lowerZ2.pointer)
        let lowerB = problem.lower(x1: point + l.x1, z1: point + l.z1, z2: point + l.y2,
                                   gradientX1: nil, gradientZ1: lowerZ1.pointer, gradientZ2: lowerZ2.pointer)
        return (upper + Double(rho) * (lowerA - lowerB), upper, lowerA, lowerB)
    }

    private func addScaled(_ alpha: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    private func scaled(_ alpha: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = alpha * x[i] }
    }
}
