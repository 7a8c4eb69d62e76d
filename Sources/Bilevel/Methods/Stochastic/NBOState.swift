import Tensor

/// What NBO-GD, NBO-CG and NSBO-SGD share (METHODS.md §2.7): on top of ``SolverState``, the
/// warm-started u (u₀ = 0, tracking +H⁻¹·∇_y f), the subsolver's stacked pair of iterates
/// `[v | u]` (2 × d_y) with its right-hand sides `[G | F]`, the Hessian frozen at (x_k, y_k), and
/// the final steps
///
///     y_{k+1} = y_k − v,   x_{k+1} = x_k − α·(∇_x f(x_k, y_{k+1}) − ∇²_xy g(x_k, y_{k+1})·u_{k+1}).
///
/// Every oracle can average over several fresh batches of the problem's partition (NSBO-SGD's
/// larger |B₂| is that many base batches, METHODS.md §2.7 [R]). Allocates nothing after init.
final class NBOState: SolverState {
    /// u, tracking +H⁻¹·∇_y f across iterations.
    let u: FloatBuffer
    /// The subsolver's pair `[v | u]`: v at offset 0, u at offset d_y.
    let pair: FloatBuffer
    /// H_k·pair, same layout.
    let products: FloatBuffer
    /// `[G | F]` = `[∇_y g(x_k, y_k) | ∇_y f(x_k, y_k)]`, same layout.
    let rightHandSides: FloatBuffer
    /// One d_y (or 2·d_y) oracle output before it is averaged in.
    private let scratch: FloatBuffer
    /// ∇_x f on an outer batch's x-support, or ∇²_xy g·u on an inner batch's.
    private let xScratch: FloatBuffer
    /// The outer direction ∇_x f − ∇²_xy g·u (d_x).
    private let direction: FloatBuffer
    /// H_k = ∇²_yy g(x_k, y_k) products.
    let curvature: any FrozenLowerHessian

    override init(problem: any StochasticBilevelProblem, seed: Int) {
        let dy = problem.innerDimension
        u = FloatBuffer(count: dy)
        pair = FloatBuffer(count: 2 * dy)
        products = FloatBuffer(count: 2 * dy)
        rightHandSides = FloatBuffer(count: 2 * dy)
        scratch = FloatBuffer(count: 2 * dy)
        xScratch = FloatBuffer(count: max(problem.largestUpperXSupport, problem.largestLowerXSupport))
        direction = FloatBuffer(count: problem.outerDimension)
        curvature = problem.frozenLowerHessian
        super.init(problem: problem, seed: seed)
    }

    var dy: Int { problem.innerDimension }
    /// v, the Newton-direction iterate (first half of ``pair``).
    var v: UnsafeMutablePointer<Float> { pair.pointer }
    /// The u iterate (second half of ``pair``).
    var uIterate: UnsafeMutablePointer<Float> { pair.pointer + dy }

    /// Freezes H_k at the current (x, y) and fills `[G | F]`: G averaged over `lowerBatches` fresh
    /// inner batches, F over `upperBatches` fresh outer batches.
    func linearize(lowerBatches: Int, upperBatches: Int) {
        curvature.freezeLowerHessian(x: x.constPointer, y: y.constPointer)
        let g = rightHandSides.pointer, f = rightHandSides.pointer + dy
        g.update(repeating: 0, count: 2 * dy)
        for _ in 0..<lowerBatches {
            problem.lowerGradientY(batch: nextInnerBatch(), x: x.constPointer, y: y.constPointer, into: scratch.pointer)
            axpy(count: dy, alpha: 1 / Float(lowerBatches), x: scratch.constPointer, y: g)
        }
        for _ in 0..<upperBatches {
            problem.upperGradients(batch: nextOuterBatch(), x: x.constPointer, y: y.constPointer,
                                   gradientY: scratch.pointer, gradientX: xScratch.pointer)
            axpy(count: dy, alpha: 1 / Float(upperBatches), x: scratch.constPointer, y: f)
        }
    }

    /// ``products`` ← H_k·`block` for a 2 × d_y block (both vectors in one stacked product per
    /// batch; ``pair`` by default), averaged over `batches` fresh inner batches.
    func multiplyPair(batches: Int, block: UnsafePointer<Float>? = nil) {
        let block = block ?? pair.constPointer
        if batches == 1 {
            curvature.frozenLowerHessianTimes(block, columns: 2, batch: nextInnerBatch(), into: products.pointer)
            return
        }
        products.fill(0)
        for _ in 0..<batches {
            curvature.frozenLowerHessianTimes(block, columns: 2, batch: nextInnerBatch(), into: scratch.pointer)
            axpy(count: 2 * dy, alpha: 1 / Float(batches), x: scratch.constPointer, y: products.pointer)
        }
    }

    /// `steps` SGD steps y ← y − η·∇_y g_B, each on a fresh inner batch (NSBO-SGD's warm-up).
    func sgdOnY(steps: Int, stepSize eta: Float) {
        for _ in 0..<steps {
            problem.lowerGradientY(batch: nextInnerBatch(), x: x.constPointer, y: y.constPointer, into: scratch.pointer)
            axpy(count: dy, alpha: -eta, x: scratch.constPointer, y: y.pointer)
        }
    }

    /// Starts the subsolver from (v, u) = (0, u_k).
    func startPair() {
        v.update(repeating: 0, count: dy)
        uIterate.update(from: u.constPointer, count: dy)
    }

    /// y ← y − v, u ← the u iterate, then the outer step x ← x − α·(∇_x f − ∇²_xy g·u) at the new
    /// y, with ∇²_xy g over `crossBatches` fresh inner batches and ∇_x f over `upperBatches`
    /// fresh outer batches.
    func finish(outerStep alpha: Float, crossBatches: Int, upperBatches: Int) {
        axpy(count: dy, alpha: -1, x: v, y: y.pointer)
        u.pointer.update(from: uIterate, count: dy)
        // The direction is gathered over all batches before x moves, so every derivative is
        // taken at x_k (x-supports of different batches may overlap, e.g. exp(x) regularisers).
        direction.fill(0)
        for _ in 0..<crossBatches {
            let batch = nextInnerBatch()
            problem.lowerCrossTimes(u.constPointer, batch: batch, x: x.constPointer, y: y.constPointer, into: xScratch.pointer)
            VectorUpdate.subtract(1 / Float(crossBatches), times: xScratch.constPointer, from: direction,
                                  on: problem.lowerXSupport(batch: batch))
        }
        for _ in 0..<upperBatches {
            // The batch is drawn either way (same sampler stream); an upper level that does not
            // depend on x (empty support: data cleaning, regularization selection) needs no pass.
            let batch = nextOuterBatch()
            if problem.upperXSupport(batch: batch).isEmpty { continue }
            problem.upperGradients(batch: batch, x: x.constPointer, y: y.constPointer,
                                   gradientY: scratch.pointer, gradientX: xScratch.pointer)
            VectorUpdate.subtract(-1 / Float(upperBatches), times: xScratch.constPointer, from: direction,
                                  on: problem.upperXSupport(batch: batch))
        }
        axpy(count: direction.count, alpha: -alpha, x: direction.constPointer, y: x.pointer)
    }
}
