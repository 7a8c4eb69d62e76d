import Tensor

/// G-PBGD: gradient-norm penalty-based bilevel gradient descent (Shen & Chen, ICML 2023), as the
/// benchmark's `run_g_pbgd` runs it (PBGD.md §3.3).
///
/// Per iteration, with s = σ(x), v = ∇_w g(x, w) and c = min(1/(γ + 1e-8), 1):
/// L = c·(f(w) + (γ/2)·‖v‖²), so ∂L/∂w = c·(∇f(w) + γ·∇²_ww g·v) and
/// ∂L/∂x_i = c·γ/N·s_i(1 − s_i)·q_i with q_i = ⟨P_i − Y_i, U_i⟩, U = R_v(Z) the logits' directional
/// derivative along v. The Hessian-vector product is the Pearlmutter R-pass of the network, not
/// a second backpropagation through an autodiff tape.
public final class GPBGD: HyperCleaningMethod {
    public static let auxiliaryKey = "grad_penalty"

    public private(set) var iteration = 0
    public let upperVariable: FloatBuffer
    public var evaluationParameters: FloatBuffer { weights }

    private let strategy: HyperCleaningStrategy
    private var schedule: PenaltySchedule
    private let train: ClassifierHead
    private let validation: ClassifierHead
    private let weights: FloatBuffer
    private let lowerGradient: FloatBuffer  // v = ∇_w g(x, w)
    private let hessianTimesLower: FloatBuffer  // ∇²_ww g · v
    private let upperGradient: FloatBuffer  // ∇f(w), then the whole ∂L/∂w
    private let sigmoid: FloatBuffer
    private let hessian: LowerHessianProduct

    /// A run from the reference initialisation: w from `torch.manual_seed(seed)`, x = 0.
    public required convenience init(
        data: HyperCleaningData, network: NetworkArchitecture, strategy: HyperCleaningStrategy, seed: Int
    ) {
        var generator = TorchGenerator(seed: seed)
        self.init(data: data, network: network, strategy: strategy,
                  initialParameters: network.initialParameters(generator: &generator))
    }

    /// A run from given initial parameters, x = 0.
    public init(
        data: HyperCleaningData, network: NetworkArchitecture, strategy: HyperCleaningStrategy,
        initialParameters initial: [Float]
    ) {
        precondition(initial.count == network.layout.count, "\(initial.count) initial parameters, layout has \(network.layout.count)")
        self.strategy = strategy
        schedule = PenaltySchedule(gammaInit: strategy.gammaInit, gammaMax: strategy.gammaMax,
                                   gammaArgmaxStep: strategy.gammaArgmaxStep)
        train = ClassifierHead(pass: network.makePass(samples: data.train, maxSets: 1))
        validation = ClassifierHead(pass: network.makePass(samples: data.validation, maxSets: 1))
        weights = FloatBuffer(initial)
        lowerGradient = FloatBuffer(count: initial.count)
        hessianTimesLower = FloatBuffer(count: initial.count)
        upperGradient = FloatBuffer(count: initial.count)
        let n = data.train.rows
        upperVariable = FloatBuffer(count: n)
        sigmoid = FloatBuffer(count: n)
        hessian = LowerHessianProduct(head: train)
    }

    public func step() -> IterationLog {
        let n = train.rows
        let reg = Float(strategy.reg)
        Elementwise.sigmoid(upperVariable.pointer, into: sigmoid.pointer, count: n)
        let gamma = schedule.gamma
        let scale = schedule.scale

        // v = ∇_w g(x, w) with G = (1/N)·diag(s)·(P − Y).
        let lower = train.lossAndGradient(at: weights.constPointer, rowWeights: sigmoid.constPointer,
                                          scale: 1 / Float(n), into: lowerGradient.pointer)
            + strategy.reg * weights.sumOfSquares
        if reg > 0 { addScaled(2 * reg, weights, to: lowerGradient) }
        let penaltyNorm = (lowerGradient.sumOfSquares + 1e-12).squareRoot()

        // ∇²_ww g·v and q_i = ⟨P_i − Y_i, R_v(Z)_i⟩ by one R-pass along v.
        hessian.multiply(parameters: weights.constPointer, direction: lowerGradient.constPointer,
                         rowWeights: sigmoid.constPointer, into: hessianTimesLower.pointer)
        if reg > 0 { addScaled(2 * reg, lowerGradient, to: hessianTimesLower) }

        // ∇f(w) on the validation set.
        let upper = validation.lossAndGradient(at: weights.constPointer, rowWeights: nil,
                                               scale: 1 / Float(validation.rows), into: upperGradient.pointer)

        // Both gradients are complete; update x, then w.
        let c = Float(scale)
        let cGamma = Float(scale) * Float(gamma)
        Self.descendUpper(x: upperVariable, sigmoid: sigmoid, directional: hessian.directionalProducts.constPointer,
                          scale: cGamma, learningRate: Float(strategy.lrx))
        for i in 0..<weights.count {
            let dw = c * upperGradient.pointer[i] + cGamma * hessianTimesLower.pointer[i]
            weights.pointer[i] -= Float(strategy.lry) * dw
        }
        schedule.advance()
        iteration += 1
        return IterationLog(trainLoss: lower, validationLoss: upper, auxiliary: penaltyNorm)
    }

    public func state() -> MethodState {
        MethodState(iteration: iteration, vectors: ["x": upperVariable.array, "w": weights.array],
                    schedule: schedule, generatorWords: nil)
    }

    public func restore(_ state: MethodState) throws(CheckpointError) {
        try restoreVector("x", from: state, into: upperVariable)
        try restoreVector("w", from: state, into: weights)
        guard let saved = state.schedule else { throw .mismatch("missing penalty schedule") }
        schedule = saved
        iteration = state.iteration
    }
}
