import Tensor

#if canImport(Glibc)
    import Glibc
#endif

/// The step-size schedules of F2SA (METHODS.md §2.5) and F2SA + Adam (§2.6, item 4).
public enum F2SASchedule: String, Codable, Sendable, CaseIterable {
    /// benchopt HEAD (since 2023-12-20): y s/(t+1)^{5/7}, z s/(t+1)^{4/7}, x (s/r)/(t+1)^{4/7},
    /// λ-increment δ/(t+1)^{1/7}.
    case benchopt
    /// benchopt before 2023-12-20: every step s/√(t+1) (x: (s/r)/√(t+1)), constant δ.
    case benchopt2023 = "benchopt2023-10"
    /// Constant steps and δ (F2SA + Adam's [R] default: the seed gives no decay).
    case constant

    /// The steps (α_t for y, β_t for z, γ_t for x) and the λ increment δ_t at outer iteration `t`,
    /// from the step s, the outer ratio r (x uses s/r) and the base increment δ.
    func rates(stepSize s: Float, outerRatio r: Float, delta: Float, at t: Int)
        -> (alpha: Float, beta: Float, gamma: Float, delta: Float)
    {
        let e = exponents
        return (StepSchedule(s, exponent: e.y).value(at: t), StepSchedule(s, exponent: e.z).value(at: t),
                StepSchedule(s / r, exponent: e.x).value(at: t), StepSchedule(delta, exponent: e.delta).value(at: t))
    }

    /// (y, z, x) step exponents and the δ exponent.
    var exponents: (y: Float, z: Float, x: Float, delta: Float) {
        switch self {
        case .benchopt: return (5.0 / 7, 4.0 / 7, 4.0 / 7, 1.0 / 7)
        case .benchopt2023: return (0.5, 0.5, 0.5, 0)
        case .constant: return (0, 0, 0, 0)
        }
    }
}

/// Which inner variable F2SA reports (benchopt HEAD: y, the λ-penalised one; 2023-12: z).
public enum F2SAEvaluated: String, Codable, Sendable, CaseIterable {
    /// y, tracking argmin_y f + λ·g.
    case y
    /// z, tracking y*(x).
    case z
}

/// The stochastic directions F2SA and F2SA + Adam share (Kwon, Kwon, Wright, Nowak, "A fully first-order
/// method for stochastic bilevel optimization", ICML 2023; METHODS.md §2.5):
///
///     inner:  dir_y = λ·∇_y g_I(x, y) + ∇_y f_J(x, y),   dir_z = ∇_y g_{I'}(x, z)     (fresh I, I', J)
///     outer:  D = ∇_x f_J(x, y) + λ·(∇_x g_{I1}(x, y) − ∇_x g_{I2}(x, z))              (fresh J, I1, I2)
///
/// D is kept dense over x (an Adam step moves every coordinate). Allocates nothing after init.
final class F2SACore: SolverState {
    let z: FloatBuffer
    var lambda: Float
    let directionY: FloatBuffer
    let directionZ: FloatBuffer
    let directionX: FloatBuffer
    private let upperY: FloatBuffer
    private let upperX: FloatBuffer
    private let lowerX: FloatBuffer

    init(problem: any StochasticBilevelProblem, lambda0: Float, seed: Int) {
        z = FloatBuffer(problem.initialY)
        lambda = lambda0
        let dy = problem.innerDimension
        directionY = FloatBuffer(count: dy)
        directionZ = FloatBuffer(count: dy)
        directionX = FloatBuffer(count: problem.outerDimension)
        upperY = FloatBuffer(count: dy)
        upperX = FloatBuffer(count: problem.largestUpperXSupport)
        lowerX = FloatBuffer(count: problem.largestLowerXSupport)
        super.init(problem: problem, seed: seed)
    }

    /// dir_y and dir_z at the current (x, y, z) on fresh batches I, I', J.
    func innerDirections() {
        let first = nextInnerBatch()
        let second = nextInnerBatch()
        let outer = nextOuterBatch()
        problem.lowerGradientY(batch: first, x: x.constPointer, y: y.constPointer, into: directionY.pointer)
        problem.upperGradients(batch: outer, x: x.constPointer, y: y.constPointer,
                               gradientY: upperY.pointer, gradientX: upperX.pointer)
        let dirY = directionY.pointer
        let fY = upperY.pointer
        for k in 0..<problem.innerDimension { dirY[k] = lambda * dirY[k] + fY[k] }
        problem.lowerGradientY(batch: second, x: x.constPointer, y: z.constPointer, into: directionZ.pointer)
    }

    /// D at the current (x, y, z) on fresh batches J, I1, I2, dense in ``directionX``.
    func outerDirection() {
        let outer = nextOuterBatch()
        let first = nextInnerBatch()
        let second = nextInnerBatch()
        directionX.fill(0)
        problem.upperGradients(batch: outer, x: x.constPointer, y: y.constPointer,
                               gradientY: upperY.pointer, gradientX: upperX.pointer)
        scatter(upperX.constPointer, scale: 1, on: problem.upperXSupport(batch: outer))
        problem.lowerGradientX(batch: first, x: x.constPointer, y: y.constPointer, into: lowerX.pointer)
        scatter(lowerX.constPointer, scale: lambda, on: problem.lowerXSupport(batch: first))
        problem.lowerGradientX(batch: second, x: x.constPointer, y: z.constPointer, into: lowerX.pointer)
        scatter(lowerX.constPointer, scale: -lambda, on: problem.lowerXSupport(batch: second))
    }

    private func scatter(_ values: UnsafePointer<Float>, scale: Float, on support: Range<Int>) {
        let target = directionX.pointer + support.lowerBound
        for k in 0..<support.count { target[k] += scale * values[k] }
    }
}

extension StochasticSolverParameters {
    /// The range checks F2SA and F2SA + Adam share: s, r > 0; λ₀, δ ≥ 0; T ≥ 1.
    func requireF2SARanges(stepSize: Float, outerRatio: Float, lambda0: Float, delta: Float,
                           nInnerSteps: Int) throws(StochasticSolverError) {
        try requirePositive(stepSize, "step_size")
        try requirePositive(outerRatio, "outer_ratio")
        try requireNonNegative(lambda0, "lambda0")
        try requireNonNegative(delta, "delta")
        try requireCount(nInnerSteps, "n_inner_steps")
    }
}
