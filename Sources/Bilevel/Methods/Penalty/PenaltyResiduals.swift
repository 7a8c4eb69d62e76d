import Tensor

/// The stationarity measures logged by the penalty method at each evaluation (METHODS.md §2.8):
///
/// - the ε-KKT residual of the penalised problem, ‖G(u, w)‖ with the projected-gradient
///   (gradient-mapping) components u − Proj_U(u − ∇_u P_ρ) and w − Proj_W(w + ∇_w P_ρ), unit step;
/// - the lower-level primal–dual gap max_{z2 ∈ Y2} ft(x1, y1, z2) − min_{z1 ∈ Y1} ft(x1, z1, y2):
///   the problem's closed form when it has one, otherwise [R] an estimate from the current z1, z2
///   refined by `gapSteps` projected gradient steps of size `gapStep` (a lower bound of the gap:
///   any feasible z2, z1 give one).
///
/// Allocates nothing after init; evaluations are not counted as oracle calls.
public final class PenaltyResiduals {
    private let penalty: PenaltyFunction
    private let gradient: FloatBuffer
    private let projected: FloatBuffer
    private let scratch: FloatBuffer
    private let refinedZ1: FloatBuffer
    private let refinedZ2: FloatBuffer
    private let lowerGradient: FloatBuffer
    /// Projected gradient steps of the gap estimate (when there is no closed form).
    public let gapSteps: Int
    /// Step size of those steps.
    public let gapStep: Float

    /// Residuals of `penalty`; see the properties.
    public init(penalty: PenaltyFunction, gapSteps: Int, gapStep: Float) {
        self.penalty = penalty
        let layout = penalty.layout
        gradient = FloatBuffer(count: layout.count)
        projected = FloatBuffer(count: layout.count)
        scratch = FloatBuffer(count: layout.largestBlock)
        refinedZ1 = FloatBuffer(count: layout.sizes.y1)
        refinedZ2 = FloatBuffer(count: layout.sizes.y2)
        lowerGradient = FloatBuffer(count: max(layout.sizes.y1, layout.sizes.y2))
        self.gapSteps = gapSteps
        self.gapStep = gapStep
    }

    /// ‖(u − Proj_U(u − ∇_u P_ρ), w − Proj_W(w + ∇_w P_ρ))‖ at `point` (full-batch oracles).
    public func kktResidual(at point: UnsafePointer<Float>) -> Double {
        let layout = penalty.layout
        penalty.gradient(at: point, into: gradient.pointer, evaluation: true)
        let n = layout.count
        for i in 0..<n {
            // Descent on u, ascent on w.
            projected.pointer[i] = i < layout.uCount ? point[i] - gradient.pointer[i] : point[i] + gradient.pointer[i]
        }
        layout.projectU(projected.pointer, scratch: scratch.pointer)
        layout.projectW(projected.pointer, scratch: scratch.pointer)
        var squares = 0.0
        for i in 0..<n {
            let d = Double(point[i]) - Double(projected.pointer[i])
            squares += d * d
        }
        return squares.squareRoot()
    }

    /// The lower-level primal–dual gap at (x1, y1, y2) of `point` (see the type's discussion).
    public func lowerGap(at point: UnsafePointer<Float>) -> Double {
        let l = penalty.layout
        let problem = penalty.problem
        problem.selectBatches(upper: nil, lower: nil)
        if let exact = problem.exactLowerGap(x1: point + l.x1, y1: point + l.y1, y2: point + l.y2) { return exact }
        refinedZ1.pointer.update(from: point + l.z1, count: l.sizes.y1)
        refinedZ2.pointer.update(from: point + l.z2, count: l.sizes.y2)
        for _ in 0..<gapSteps {
            // z2 ascends ft(x1, y1, ·), z1 descends ft(x1, ·, y2), each projected onto its set.
            _ = problem.lower(x1: point + l.x1, z1: point + l.y1, z2: refinedZ2.constPointer,
                              gradientX1: nil, gradientZ1: nil, gradientZ2: lowerGradient.pointer)
            for i in 0..<l.sizes.y2 { refinedZ2.pointer[i] += gapStep * lowerGradient.pointer[i] }
            l.sets.y2.project(refinedZ2.pointer, count: l.sizes.y2, scratch: scratch.pointer)
            _ = problem.lower(x1: point + l.x1, z1: refinedZ1.constPointer, z2: point + l.y2,
                              gradientX1: nil, gradientZ1: lowerGradient.pointer, gradientZ2: nil)
            for i in 0..<l.sizes.y1 { refinedZ1.pointer[i] -= gapStep * lowerGradient.pointer[i] }
            l.sets.y1.project(refinedZ1.pointer, count: l.sizes.y1, scratch: scratch.pointer)
        }
        let maxPart = problem.lower(x1: point + l.x1, z1: point + l.y1, z2: refinedZ2.constPointer,
                                    gradientX1: nil, gradientZ1: lowerGradient.pointer, gradientZ2: nil)
        let minPart = problem.lower(x1: point + l.x1, z1: refinedZ1.constPointer, z2: point + l.y2,
                                    gradientX1: nil, gradientZ1: lowerGradient.pointer, gradientZ2: nil)
        return maxPart - minPart
    }
}
