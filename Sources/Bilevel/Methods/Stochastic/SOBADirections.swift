import Tensor

/// The five stochastic quantities SOBA and SABA step along, all at the current (x, y, v) from one
/// inner batch i and one outer batch j (METHODS.md §2.1):
///
///     a = ∇_y g_i,   p = ∇²_yy g_i·v,   c = ∇²_xy g_i·v      (one fused call)
///     d = ∇_y f_j,   e = ∇_x f_j
///
/// Adds v and the five buffers to ``SolverState``; allocates nothing after init.
final class SOBADirections: SolverState {
    /// v, tracking −H⁻¹·∇_y f.
    let v: FloatBuffer
    let a: FloatBuffer
    let p: FloatBuffer
    let c: FloatBuffer
    let d: FloatBuffer
    let e: FloatBuffer
    /// Inner batch i and outer batch j of the last ``sample()``.
    private(set) var innerBatch = 0
    private(set) var outerBatch = 0

    override init(problem: any StochasticBilevelProblem, seed: Int) {
        v = FloatBuffer(count: problem.innerDimension)
        a = FloatBuffer(count: problem.innerDimension)
        p = FloatBuffer(count: problem.innerDimension)
        d = FloatBuffer(count: problem.innerDimension)
        c = FloatBuffer(count: problem.largestLowerXSupport)
        e = FloatBuffer(count: problem.largestUpperXSupport)
        super.init(problem: problem, seed: seed)
    }

    var innerSupport: Range<Int> { problem.lowerXSupport(batch: innerBatch) }
    var outerSupport: Range<Int> { problem.upperXSupport(batch: outerBatch) }

    /// Draws i and j and evaluates a, p, c, d, e at the current point.
    func sample() {
        innerBatch = nextInnerBatch()
        outerBatch = nextOuterBatch()
        problem.lowerGradientYAndProducts(
            batch: innerBatch, x: x.constPointer, y: y.constPointer, direction: v.constPointer,
            gradient: a.pointer, hessianTimes: p.pointer, crossTimes: c.pointer)
        problem.upperGradients(batch: outerBatch, x: x.constPointer, y: y.constPointer,
                               gradientY: d.pointer, gradientX: e.pointer)
    }
}
