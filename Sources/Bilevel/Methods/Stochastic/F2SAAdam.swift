import Tensor

/// F2SA + Adam: F2SA whose y, z and x updates are Adam steps on the same stochastic directions
/// (seed 003, "Enhancing bilevel optimization with single-level learning techniques", Alg. 3;
/// METHODS.md §2.6).
///
///     each outer iteration: reset the y and z Adam states (m, w, τ) = 0
///     T times:  z ← Adam_z(∇_y g_{I'}(x, z), lr β_t),   y ← Adam_y(λ·∇_y g_I(x, y) + ∇_y f_J(x, y), lr α_t)
///     x ← Adam_x(∇_x f_J(x, y) + λ·(∇_x g_{I1}(x, y) − ∇_x g_{I2}(x, z)), lr γ_t)   (x state persists)
///     λ ← λ + δ_t
///
/// The seed uses one value s for α and β and the x step ξ·α = s/r. Reconstructed choices [R], each an
/// option: `schedule` constant (default; the seed gives no decay) | benchopt2023-10 | benchopt (the
/// F2SA schedules, x decaying as F2SA's γ_t); `adam_literal` false (standard Adam; true feeds the
/// bias-corrected moments back as the seed's pseudo-code reads); `epsilon_inside_sqrt` true (seed
/// eq. 12; false is PyTorch's placement); ε = 1e-8 (not stated). Defaults are seed 003's selected
/// MNIST values (Table 3): `step_size` 0.0009, `outer_ratio` 0.2 (ξ = 5), `delta` 0.1,
/// `beta1` 0.9, `beta2` 0.99, `batch_size` 64; λ₀ = 1 and T = 10 are benchopt's (not stated).
public final class F2SAAdam: StochasticSolver {
    public static let name = "f2sa_adam"
    public static let summary = "F2SA + Adam (seed 003 Alg. 3): Adam steps on y, z (reset each iteration) and x; [R] options."

    /// F2SA + Adam's parameters (seed 003 Table 3, MNIST).
    public struct Parameters: StochasticSolverParameters {
        /// s: the y and z learning rate.
        public var stepSize: Float = 0.0009
        /// r = 1/ξ: the x learning rate is s/r.
        public var outerRatio: Float = 0.2
        /// b: minibatch size.
        public var batchSize = 64
        /// λ₀.
        public var lambda0: Float = 1
        /// δ: the penalty increment.
        public var delta: Float = 0.1
        /// T: inner steps per iteration.
        public var nInnerSteps = 10
        /// β₁ of all three Adam states.
        public var beta1: Float = 0.9
        /// β₂ of all three Adam states.
        public var beta2: Float = 0.99
        /// ε of the Adam denominator.
        public var epsilon: Float = 1e-8
        /// [R] Step-size schedule.
        public var schedule = F2SASchedule.constant
        /// [R] Feed bias-corrected moments back (the seed read literally).
        public var adamLiteral = false
        /// [R] ε inside the square root (seed eq. 12) rather than added after it.
        public var epsilonInsideSqrt = true
        /// The inner variable the metrics use.
        public var evaluated = F2SAEvaluated.y

        public init() {}

        public func validate() throws(StochasticSolverError) {
            try requireF2SARanges(stepSize: stepSize, outerRatio: outerRatio, lambda0: lambda0, delta: delta,
                                  nInnerSteps: nInnerSteps)
            for (value, key) in [(beta1, "beta1"), (beta2, "beta2")] where !(value >= 0 && value < 1) {
                throw .outOfRange(name: key, value: "\(value)", valid: "in [0, 1)")
            }
            try requirePositive(epsilon, "epsilon")
        }
    }

    private let core: F2SACore
    private let parameters: Parameters
    private let adamY: AdamState
    private let adamZ: AdamState
    private let adamX: AdamState
    private var iteration = 0
    public var x: FloatBuffer { core.x }
    public var y: FloatBuffer { parameters.evaluated == .y ? core.y : core.z }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        core = F2SACore(problem: problem, lambda0: parameters.lambda0, seed: seed)
        self.parameters = parameters
        adamY = AdamState(count: problem.innerDimension)
        adamZ = AdamState(count: problem.innerDimension)
        adamX = AdamState(count: problem.outerDimension)
    }

    private func adam(_ state: AdamState, _ target: FloatBuffer, _ direction: FloatBuffer, rate: Float) {
        state.step(target.pointer, gradient: direction.constPointer, rate: rate, beta1: parameters.beta1,
                   beta2: parameters.beta2, epsilon: parameters.epsilon, literal: parameters.adamLiteral,
                   epsilonInsideSqrt: parameters.epsilonInsideSqrt)
    }

    public func step() {
        let (alpha, beta, gamma, delta) = parameters.schedule.rates(
            stepSize: parameters.stepSize, outerRatio: parameters.outerRatio, delta: parameters.delta, at: iteration)
        iteration += 1
        adamY.reset()
        adamZ.reset()
        for _ in 0..<parameters.nInnerSteps {
            core.innerDirections()
            adam(adamZ, core.z, core.directionZ, rate: beta)
            adam(adamY, core.y, core.directionY, rate: alpha)
        }
        core.outerDirection()
        adam(adamX, core.x, core.directionX, rate: gamma)
        core.lambda += delta
    }
}
