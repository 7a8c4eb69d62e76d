import Tensor

/// What StocBiO and AmIGO share (METHODS.md §2.3–2.4): on top of ``SolverState``, T
/// warm-started SGD steps on y with fresh inner batches, the upper gradients at the new y, and the
/// final outer step x ← x − γ·(∇_x f_J − ∇²_xy g_{I''}·q) for an estimate q ≈ H⁻¹·∇_y f.
/// Allocates nothing after init.
final class TwoLoopState: SolverState {
    /// Scratch for one y-gradient or Hessian product (d_y).
    let scratch: FloatBuffer
    /// d = ∇_y f_J after ``upperGradients()``.
    let d: FloatBuffer
    /// e = ∇_x f_J on the upper support of ``outerBatch``.
    let e: FloatBuffer
    /// c = ∇²_xy g·q on an inner batch's x-support.
    let c: FloatBuffer
    private(set) var outerBatch = 0

    override init(problem: any StochasticBilevelProblem, seed: Int) {
        scratch = FloatBuffer(count: problem.innerDimension)
        d = FloatBuffer(count: problem.innerDimension)
        e = FloatBuffer(count: problem.largestUpperXSupport)
        c = FloatBuffer(count: problem.largestLowerXSupport)
        super.init(problem: problem, seed: seed)
    }

    /// `steps` SGD steps y ← y − η·∇_y g_I(x, y), each on a fresh inner batch.
    func innerSGD(steps: Int, stepSize eta: Float) {
        for _ in 0..<steps {
            problem.lowerGradientY(batch: nextInnerBatch(), x: x.constPointer, y: y.constPointer, into: scratch.pointer)
            VectorUpdate.subtract(eta, times: scratch.constPointer, from: y.pointer, count: problem.innerDimension)
        }
    }

    /// d, e = ∇_y f_J, ∇_x f_J at (x, y) on a fresh outer batch J.
    func upperGradients() {
        outerBatch = nextOuterBatch()
        problem.upperGradients(batch: outerBatch, x: x.constPointer, y: y.constPointer,
                               gradientY: d.pointer, gradientX: e.pointer)
    }

    /// `output` ← H_I·v on a fresh inner batch at (x, y).
    func hessianTimes(_ v: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        problem.lowerHessianYYTimes(v, batch: nextInnerBatch(), x: x.constPointer, y: y.constPointer, into: output)
    }

    /// x ← x − γ·(e − J_{I''}·q) with a fresh inner batch I''.
    func outerStep(estimate q: UnsafePointer<Float>, stepSize gamma: Float) {
        let batch = nextInnerBatch()
        problem.lowerCrossTimes(q, batch: batch, x: x.constPointer, y: y.constPointer, into: c.pointer)
        VectorUpdate.subtract(-gamma, times: c.constPointer, from: x, on: problem.lowerXSupport(batch: batch))
        VectorUpdate.subtract(gamma, times: e.constPointer, from: x, on: problem.upperXSupport(batch: outerBatch))
    }
}
