import Tensor

/// V-PBGD: value-function penalty-based bilevel gradient descent (Shen & Chen, "On Penalty-based
/// Bilevel Gradient Descent Method", ICML 2023), as the benchmark's `run_v_pbgd` runs it
/// (PBGD.md §3.2).
///
/// Per iteration, with s = σ(x) and c = min(1/(γ + 1e-8), 1):
/// ω ← ω − lr_inner·∇_ω g(x, ω) (inner_itr times); then with ω frozen,
/// L = c·(f(w) + γ·(g(x, w) − g(x, ω))), x ← x − lrx·∂L/∂x, w ← w − lry·∂L/∂w (both gradients
/// taken before either update), γ ← min(γ_max, γ + step).
///
/// Speed: the forward at [w | ω] is one stacked pass, and the next iteration's inner gradient
/// ∇_ω g(x⁺, ω) reuses ω's logits from this forward (ω does not change in between), so its backward
/// joins w's in one stacked gemm; the train matrix is read twice per iteration instead of four times.
public final class VPBGD: HyperCleaningMethod {
    public static let auxiliaryKey = "penalty_gap"

    public private(set) var iteration = 0
    public let upperVariable: FloatBuffer
    public var evaluationParameters: FloatBuffer { weights }

    private let strategy: HyperCleaningStrategy
    private var schedule: PenaltySchedule
    private let train: ClassifierHead
    private let validation: ClassifierHead
    private let weights: FloatBuffer
    private let omega: FloatBuffer
    private let weightGradient: FloatBuffer
    private let innerGradient: FloatBuffer  // ∇_ω g(x, ω) for the next inner step, when cached
    private var hasInnerGradient = false
    private let sigmoid: FloatBuffer
    private let nextSigmoid: FloatBuffer
    private let lossDifference: FloatBuffer

    /// A run from the reference initialisation: w from `torch.manual_seed(seed)`, a second model's
    /// draws consumed and discarded (the benchmark builds ω's model, then overwrites it), ω = w, x = 0.
    public required convenience init(
        data: HyperCleaningData, network: NetworkArchitecture, strategy: HyperCleaningStrategy, seed: Int
    ) {
        var generator = TorchGenerator(seed: seed)
        let initial = network.initialParameters(generator: &generator)
        _ = network.initialParameters(generator: &generator)
        self.init(data: data, network: network, strategy: strategy, initialParameters: initial)
    }

    /// A run from given initial parameters (ω starts as a copy), x = 0.
    public init(
        data: HyperCleaningData, network: NetworkArchitecture, strategy: HyperCleaningStrategy,
        initialParameters initial: [Float]
    ) {
        precondition(initial.count == network.layout.count, "\(initial.count) initial parameters, layout has \(network.layout.count)")
        self.strategy = strategy
        schedule = PenaltySchedule(gammaInit: strategy.gammaInit, gammaMax: strategy.gammaMax,
                                   gammaArgmaxStep: strategy.gammaArgmaxStep)
        train = ClassifierHead(pass: network.makePass(samples: data.train, maxSets: 2))
        validation = ClassifierHead(pass: network.makePass(samples: data.validation, maxSets: 1))
        weights = FloatBuffer(initial)
        omega = FloatBuffer(initial)
        weightGradient = FloatBuffer(count: initial.count)
        innerGradient = FloatBuffer(count: initial.count)
        let n = data.train.rows
        upperVariable = FloatBuffer(count: n)
        sigmoid = FloatBuffer(count: n)
        nextSigmoid = FloatBuffer(count: n)
        lossDifference = FloatBuffer(count: n)
    }

    public func step() -> IterationLog {
        let n = train.rows
        let reg = Float(strategy.reg)
        Elementwise.sigmoid(upperVariable.pointer, into: sigmoid.pointer, count: n)
        for inner in 0..<strategy.innerItr {
            if inner > 0 || !hasInnerGradient { computeInnerGradient(at: sigmoid) }
            addScaled(-Float(strategy.lrInner), innerGradient, to: omega)
        }
        let gamma = schedule.gamma
        let scale = schedule.scale
        // Forward at [w | ω] (ω frozen after its inner steps) and at w on the validation set.
        train.pass.forward(weights.constPointer, omega.constPointer)
        train.evaluate(set: 0)
        train.evaluate(set: 1)
        let regularizerW = strategy.reg * weights.sumOfSquares
        let lowerAtW = train.meanLoss(set: 0, rowWeights: sigmoid.constPointer) + regularizerW
        let lowerAtOmega = train.meanLoss(set: 1, rowWeights: sigmoid.constPointer)
            + strategy.reg * omega.sumOfSquares

        // ∂L/∂w = c·(∇f(w) + γ·∇_w g(x, w)): validation part first, train part accumulated below.
        let c = Float(scale)
        let cGamma = Float(scale) * Float(gamma)
        let upper = validation.lossAndGradient(at: weights.constPointer, rowWeights: nil,
                                               scale: c / Float(validation.rows), into: weightGradient.pointer)
        train.writeGradient(set: 0, rowWeights: sigmoid.constPointer, scale: cGamma / Float(n))

        // ∂L/∂x_i = c·γ/N·s_i(1 − s_i)·(CE_i(w) − CE_i(ω)); x moves now, its new σ feeds the cached
        // inner gradient of the next iteration (w's gradient above already used the old σ).
        let ceW = train.lossesOf(0)
        let ceOmega = train.lossesOf(1)
        for i in 0..<n { lossDifference.pointer[i] = ceW[i] - ceOmega[i] }
        Self.descendUpper(x: upperVariable, sigmoid: sigmoid, directional: lossDifference.constPointer,
                          scale: cGamma, learningRate: Float(strategy.lrx))
        Elementwise.sigmoid(upperVariable.pointer, into: nextSigmoid.pointer, count: n)
        train.writeGradient(set: 1, rowWeights: nextSigmoid.constPointer, scale: 1 / Float(n))
        innerGradient.fill(0)
        train.pass.backward(logitGradient: train.logitGradient.constPointer,
                            weights.constPointer, omega.constPointer,
                            into: weightGradient.pointer, innerGradient.pointer, accumulate: true)
        if reg > 0 {
            addScaled(cGamma * 2 * reg, weights, to: weightGradient)
            addScaled(2 * reg, omega, to: innerGradient)
        }
        hasInnerGradient = true
        addScaled(-Float(strategy.lry), weightGradient, to: weights)
        schedule.advance()
        iteration += 1
        return IterationLog(trainLoss: lowerAtW, validationLoss: upper, auxiliary: lowerAtW - lowerAtOmega)
    }

    /// innerGradient ← ∇_ω g(x, ω) = (1/N)·∂/∂ω Σ s_i·CE_i(ω) + 2·reg·ω, by its own pass.
    private func computeInnerGradient(at s: FloatBuffer) {
        train.lossAndGradient(at: omega.constPointer, rowWeights: s.constPointer, scale: 1 / Float(train.rows),
                              into: innerGradient.pointer)
        if strategy.reg > 0 { addScaled(2 * Float(strategy.reg), omega, to: innerGradient) }
    }

    public func state() -> MethodState {
        var vectors = ["x": upperVariable.array, "w": weights.array, "omega": omega.array]
        if hasInnerGradient { vectors["inner_gradient"] = innerGradient.array }
        return MethodState(iteration: iteration, vectors: vectors, schedule: schedule, generatorWords: nil)
    }

    public func restore(_ state: MethodState) throws(CheckpointError) {
        try restoreVector("x", from: state, into: upperVariable)
        try restoreVector("w", from: state, into: weights)
        try restoreVector("omega", from: state, into: omega)
        hasInnerGradient = state.vectors["inner_gradient"] != nil
        if hasInnerGradient { try restoreVector("inner_gradient", from: state, into: innerGradient) }
        guard let saved = state.schedule else { throw .mismatch("missing penalty schedule") }
        schedule = saved
        iteration = state.iteration
    }
}
