import Tensor

/// NSBO-SGD, the stochastic Newton-based bilevel method of Dong, Yang, Yao, Zhang (ICML 2025,
/// Algorithms 4–5; METHODS.md §2.7): NBO-GD with minibatch oracles and SGD in the subsolver.
///
///     G = ∇_y g_{B2}(x_k, y_k),  F = ∇_y f_{B3}(x_k, y_k)
///     for t = 0…T (fresh B1_t):  v ← v − β·(H_{B1_t} v − G),  u ← u − β·(H_{B1_t} u − F)   (H at (x_k, y_k))
///     y ← y − v;  x ← x − α·(∇_x f_{B5} − ∇²_xy g_{B4}·u)(x_k, y_{k+1})
///
/// [R] reconstructed (the seed only says |B2| = 256, every other batch 64): the large batch is the
/// lower-level gradient's, whose noise enters the Newton step undamped. A batch of size k·b is k
/// fresh batches of the problem's partition (b = `batch_size`), so every role size must be a
/// multiple of b. Optional [R] warm-up: `warmup_steps` plain SGD steps y ← y − β·∇_y g_B before
/// the first iteration (Newton's local region). Steps are constant and benchopt-style: β =
/// `step_size`, α = β / `outer_ratio`. Parameters: `step_size` 0.03, `outer_ratio` 0.03 (α = 1,
/// as the synthetic experiment) [R], `n_inner_steps` T = 1, `batch_size` 64,
/// `lower_gradient_batch_size` |B2| = 256, `hessian_batch_size` |B1| = 64, `upper_batch_size`
/// |B3| = |B5| = 64, `cross_batch_size` |B4| = 64, `warmup_steps` 0.
public final class NSBOSGD: StochasticSolver {
    public static let name = "nsbo_sgd"
    public static let summary = "NSBO-SGD: NBO-GD with minibatches (|B2| = 256 for the lower gradient [R], 64 elsewhere) and SGD subsolver."

    /// NSBO-SGD's parameters ([R] where the seed is silent).
    public struct Parameters: StochasticSolverParameters {
        /// β: the subsolver's SGD step (and the warm-up's).
        public var stepSize: Float = 0.03
        /// r: the outer step is β/r.
        public var outerRatio: Float = 0.03
        /// T ≥ 0: the subsolver runs T + 1 steps.
        public var nInnerSteps = 1
        /// b: the partition's batch; every role below is a multiple of it.
        public var batchSize = 64
        /// |B2|: the lower-level gradient G [R].
        public var lowerGradientBatchSize = 256
        /// |B1_t|: each Hessian product.
        public var hessianBatchSize = 64
        /// |B3| = |B5|: the upper gradients.
        public var upperBatchSize = 64
        /// |B4|: the cross product.
        public var crossBatchSize = 64
        /// SGD steps on y before the first iteration [R].
        public var warmupSteps = 0

        public init() {}

        public func validate() throws(StochasticSolverError) {
            try requirePositive(stepSize, "step_size")
            try requirePositive(outerRatio, "outer_ratio")
            try requireNonNegative(nInnerSteps, "n_inner_steps")
            try requireNonNegative(warmupSteps, "warmup_steps")
            try requireCount(batchSize, "batch_size")
            for (value, name) in roles {
                try requireCount(value, name)
                guard value % batchSize == 0 else {
                    throw .outOfRange(name: name, value: "\(value)", valid: "a multiple of batch_size = \(batchSize)")
                }
            }
        }

        public func validate(innerSamples: Int, outerSamples: Int) throws(StochasticSolverError) {
            for (value, name) in roles {
                let samples = name == "upper_batch_size" ? outerSamples : innerSamples
                guard value <= samples else {
                    throw .outOfRange(name: name, value: "\(value)", valid: "at most \(samples) (the samples it draws from)")
                }
            }
        }

        private var roles: [(Int, String)] {
            [(lowerGradientBatchSize, "lower_gradient_batch_size"), (hessianBatchSize, "hessian_batch_size"),
             (upperBatchSize, "upper_batch_size"), (crossBatchSize, "cross_batch_size")]
        }
    }

    private let state: NBOState
    private let parameters: Parameters
    private var warmedUp = false
    public var x: FloatBuffer { state.x }
    public var y: FloatBuffer { state.y }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        state = NBOState(problem: problem, seed: seed)
        self.parameters = parameters
    }

    public func step() {
        let p = parameters, b = p.batchSize
        if !warmedUp {
            warmedUp = true
            state.sgdOnY(steps: p.warmupSteps, stepSize: p.stepSize)
        }
        state.linearize(lowerBatches: p.lowerGradientBatchSize / b, upperBatches: p.upperBatchSize / b)
        state.startPair()
        for _ in 0...p.nInnerSteps {
            state.multiplyPair(batches: p.hessianBatchSize / b)
            state.gradientStepOnPair(p.stepSize)
        }
        state.finish(outerStep: p.stepSize / p.outerRatio, crossBatches: p.crossBatchSize / b,
                     upperBatches: p.upperBatchSize / b)
    }
}
