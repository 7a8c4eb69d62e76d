import Tensor

/// The five stochastic quantities SOBA and SABA step along, all at the current (x, y, v) from one
/// inner batch i and one outer batch j (METHODS.md §2.1):
///
///     a = ∇_y g_i,   p = ∇²_yy g_i·v,   c = ∇²_xy g_i·v      (one fused call)
///     d = ∇_y f_j,   e = ∇_x f_j
///
/// Owns the state (x, y, v), the two samplers and the buffers; allocates nothing after init.
final class SOBADirections {
    let problem: any StochasticBilevelProblem
    let x: FloatBuffer
    let y: FloatBuffer
    /// v, tracking −H⁻¹·∇_y f.
    let v: FloatBuffer
    let a: FloatBuffer
    let p: FloatBuffer
    let c: FloatBuffer
    let d: FloatBuffer
    let e: FloatBuffer
    private var samplers: (inner: MinibatchSampler, outer: MinibatchSampler)
    /// Inner batch i and outer batch j of the last ``sample()``.
    private(set) var innerBatch = 0
    private(set) var outerBatch = 0

    init(problem: any StochasticBilevelProblem, seed: Int) {
        self.problem = problem
        x = FloatBuffer(problem.initialX)
        y = FloatBuffer(problem.initialY)
        v = FloatBuffer(count: problem.innerDimension)
        a = FloatBuffer(count: problem.innerDimension)
        p = FloatBuffer(count: problem.innerDimension)
        d = FloatBuffer(count: problem.innerDimension)
        c = FloatBuffer(count: problem.largestLowerXSupport)
        e = FloatBuffer(count: problem.largestUpperXSupport)
        samplers = MinibatchSampler.pair(for: problem, seed: seed)
    }

    var innerSupport: Range<Int> { problem.lowerXSupport(batch: innerBatch) }
    var outerSupport: Range<Int> { problem.upperXSupport(batch: outerBatch) }

    /// Draws i and j and evaluates a, p, c, d, e at the current point.
    func sample() {
        innerBatch = samplers.inner.next()
        outerBatch = samplers.outer.next()
        problem.lowerGradientYAndProducts(
            batch: innerBatch, x: x.constPointer, y: y.constPointer, direction: v.constPointer,
            gradient: a.pointer, hessianTimes: p.pointer, crossTimes: c.pointer)
        problem.upperGradients(batch: outerBatch, x: x.constPointer, y: y.constPointer,
                               gradientY: d.pointer, gradientX: e.pointer)
    }
}
