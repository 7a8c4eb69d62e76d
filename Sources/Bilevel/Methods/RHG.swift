import Tensor

/// RHG / T-RHG: reverse-mode hypergradients through T unrolled inner gradient steps, truncated to
/// the last K (Franceschi et al., "Forward and Reverse Gradient-Based Hyperparameter
/// Optimization", ICML 2017; Shaban et al., "Truncated Back-propagation for Bilevel
/// Optimization", AISTATS 2019), as the benchmark's `run_rhg_family` runs it (PBGD.md §3.4).
///
/// Per outer step: w₀ = a fresh PyTorch-default init (continuing one generator stream);
/// w_{t+1} = Φ(w_t) = w_t − lr_inner·∇_w g(x, w_t) for t < T; Hist = [w₀, w_{T−K+1}, …, w_T]
/// (`truncation exact`: w_{T−K} instead of w₀); α = ∇f(w_T); for j = K−1 … 0 at p = Hist[j]:
/// h_x += −lr_inner·(1/N)·s'⊙q(p; α), α ← α − lr_inner·∇²_ww g(p)·α; then x ← x − lr·h_x.
/// The products are the networks' R-passes (no autodiff tape). Reported after each step: the
/// best test accuracy over Hist, the smallest (1/N)·Σ σ(x_i)·CE_i over Hist with the new x,
/// and f(w_T).
///
/// Memory: the reverse pass needs Hist, K+1 parameter sets (T = K = 500: 15.7 MB linear,
/// 477 MB MLP). With `checkpoint_inner` N > 1 only every N-th iterate is kept and each segment
/// is recomputed from its checkpoint in the reverse pass: ≈ K/N + N sets for about K extra inner
/// steps. Per-sample losses of every Hist entry (N floats each) are kept so the evaluation needs
/// no parameters.
public final class RHG: HyperCleaningMethod {
    public static let auxiliaryKey = "inner_objective"
    public static let evaluatesEveryStep = true

    public private(set) var iteration = 0
    public let upperVariable: FloatBuffer
    public var evaluationParameters: FloatBuffer { lastIterate }
    public private(set) var lastStepEvaluationSeconds = 0.0
    /// h_x of the last outer step (the hypergradient with respect to x).
    public var lastHypergradient: FloatBuffer { hypergradient }

    private let strategy: HyperCleaningStrategy
    private let initialParameters: () -> [Float]
    private var generator: TorchGenerator?
    private let train: ClassifierHead
    private let validation: ClassifierHead
    private let evaluator: HyperCleaningEvaluator
    private let hessian: LowerHessianProduct
    private let parameterCount: Int
    private let checkpointStride: Int  // checkpoint_inner, ≥ 1
    private let storedSets: FloatBuffer  // V[m] for m ≡ 0 mod checkpointStride (m = 0 … K), V[m] = w_{T−K+m}
    private let initialIterate: FloatBuffer  // w₀
    private let segment: FloatBuffer  // recomputed V[c+1 …] of one segment (checkpointStride − 1 sets)
    private let current: FloatBuffer
    private let lastIterate: FloatBuffer  // w_T
    private let gradient: FloatBuffer
    private let alpha: FloatBuffer
    private let hessianTimesAlpha: FloatBuffer
    private let hypergradient: FloatBuffer
    private let sigmoid: FloatBuffer
    private let forwardWeights: FloatBuffer  // σ(x) or σ(x₀) broadcast (quirk Q1)
    private let historyLosses: FloatBuffer  // (K+1) × N per-sample CE of each Hist entry
    private var historyAccuracy: [Double]
    private var maximumAccuracy = 0.0

    public required convenience init(
        data: HyperCleaningData, network: NetworkArchitecture, strategy: HyperCleaningStrategy, seed: Int
    ) {
        self.init(data: data, network: network, strategy: strategy, initialParameters: { [] })
        // torch.manual_seed(seed) once; every outer step draws its w₀ from the continuing stream.
        generator = TorchGenerator(seed: seed)
    }

    /// A run whose every outer step starts from `initialParameters()` (tests use a fixed init).
    public init(
        data: HyperCleaningData, network: NetworkArchitecture, strategy: HyperCleaningStrategy,
        initialParameters: @escaping () -> [Float]
    ) {
        self.strategy = strategy
        self.initialParameters = initialParameters
        self.network = network
        train = ClassifierHead(pass: network.makePass(samples: data.train, maxSets: 1))
        validation = ClassifierHead(pass: network.makePass(samples: data.validation, maxSets: 1))
        evaluator = HyperCleaningEvaluator(data: data, network: network)
        hessian = LowerHessianProduct(head: train)
        let p = network.layout.count
        parameterCount = p
        checkpointStride = max(1, strategy.checkpointInner)
        storedSets = FloatBuffer(count: (strategy.K / checkpointStride + 1) * p)
        initialIterate = FloatBuffer(count: p)
        segment = FloatBuffer(count: max(0, checkpointStride - 1) * p)
        current = FloatBuffer(count: p)
        lastIterate = FloatBuffer(count: p)
        gradient = FloatBuffer(count: p)
        alpha = FloatBuffer(count: p)
        hessianTimesAlpha = FloatBuffer(count: p)
        let n = data.train.rows
        upperVariable = FloatBuffer(count: n)
        hypergradient = FloatBuffer(count: n)
        sigmoid = FloatBuffer(count: n)
        forwardWeights = FloatBuffer(count: n)
        historyLosses = FloatBuffer(count: (strategy.K + 1) * n)
        historyAccuracy = [Double](repeating: 0, count: strategy.K + 1)
    }

    private let network: NetworkArchitecture

    /// Bytes of parameter storage the reverse pass holds for `network` with this strategy.
    public static func historyBytes(parameterCount: Int, K: Int, checkpointInner: Int) -> Int {
        let stride = max(1, checkpointInner)
        return (K / stride + 1 + max(0, stride - 1) + 1) * parameterCount * MemoryLayout<Float>.size
    }

    /// Bytes the reverse pass holds for `strategy` on `network` with `trainRows` samples: the
    /// stored parameter sets (``historyBytes(parameterCount:K:checkpointInner:)``) and the K + 1
    /// per-sample loss vectors of the evaluation rule.
    public static func reverseMemoryBytes(
        network: NetworkArchitecture, trainRows: Int, strategy: HyperCleaningStrategy
    ) -> Double {
        let sets = historyBytes(
            parameterCount: network.layout.count, K: strategy.K, checkpointInner: strategy.checkpointInner)
        return Double(sets) + Double(strategy.K + 1) * Double(trainRows) * Double(MemoryLayout<Float>.size)
    }

    private func drawInitialParameters() -> [Float] {
        if var generator {
            let drawn = network.initialParameters(generator: &generator)
            self.generator = generator
            return drawn
        }
        return initialParameters()
    }

    public func step() -> IterationLog {
        let n = train.rows
        let T = strategy.T
        let K = strategy.K
        let lrInner = Float(strategy.lrInner)
        lastStepEvaluationSeconds = 0
        Elementwise.sigmoid(upperVariable.pointer, into: sigmoid.pointer, count: n)
        if strategy.rhgForwardWeight == "x0" {
            forwardWeights.fill(sigmoid.pointer[0])
        } else {
            forwardWeights.copy(from: sigmoid)
        }

        // Forward: T inner steps from a fresh init, keeping the checkpoints of V and Hist's losses.
        let initial = drawInitialParameters()
        initial.withUnsafeBufferPointer { current.pointer.update(from: $0.baseAddress!, count: parameterCount) }
        initialIterate.copy(from: current)
        let windowStart = T - K
        let exact = strategy.truncation == "exact"
        for t in 0..<T {
            innerGradient(at: current.constPointer, weights: forwardWeights)
            recordHistory(iterate: t)
            if t >= windowStart && (t - windowStart) % checkpointStride == 0 {
                (storedSets.pointer + (t - windowStart) / checkpointStride * parameterCount)
                    .update(from: current.pointer, count: parameterCount)
            }
            for i in 0..<parameterCount { current.pointer[i] -= lrInner * gradient.pointer[i] }
        }
        lastIterate.copy(from: current)
        if K % checkpointStride == 0 {
            (storedSets.pointer + K / checkpointStride * parameterCount).update(from: current.pointer, count: parameterCount)
        }
        train.pass.forward(current.constPointer, nil)
        train.evaluate(set: 0)
        recordHistory(iterate: T)

        // α = ∇f(w_T).
        let upper = validation.lossAndGradient(at: lastIterate.constPointer, rowWeights: nil,
                                               scale: 1 / Float(validation.rows), into: alpha.pointer)

        // Reverse over Hist[K−1] … Hist[0], one segment of recomputed iterates at a time.
        hypergradient.fill(0)
        var segmentStart = ((K - 1) / checkpointStride) * checkpointStride
        while segmentStart >= 0 {
            recomputeSegment(from: segmentStart)
            for j in stride(from: min(segmentStart + checkpointStride, K) - 1, through: segmentStart, by: -1) {
                reverseStep(at: historyPoint(j, segmentStart: segmentStart, exact: exact))
            }
            segmentStart -= checkpointStride
        }
        let lr = Float(strategy.lr)
        for i in 0..<n { upperVariable.pointer[i] -= lr * hypergradient.pointer[i] }

        // Inner objective with the updated x: min over Hist of (1/N)·Σ σ(x_i)·CE_i.
        Elementwise.sigmoid(upperVariable.pointer, into: sigmoid.pointer, count: n)
        var innerObjective = Double.infinity
        for m in 0...K {
            let losses = historyLosses.pointer + m * n
            var total = 0.0
            for i in 0..<n { total += Double(sigmoid.pointer[i]) * Double(losses[i]) }
            innerObjective = min(innerObjective, total / Double(n))
        }
        maximumAccuracy = historyAccuracy.max() ?? 0
        iteration += 1
        return IterationLog(trainLoss: innerObjective, validationLoss: upper, auxiliary: innerObjective)
    }

    /// ∇_w g(x, w) at `parameters` with per-sample weights `weights` into ``gradient``; leaves the
    /// pass's forward caches and the head's probabilities at `parameters`.
    private func innerGradient(at parameters: UnsafePointer<Float>, weights: FloatBuffer) {
        train.lossAndGradient(at: parameters, rowWeights: weights.constPointer, scale: 1 / Float(train.rows),
                              into: gradient.pointer)
        if strategy.reg > 0 {
            let twiceReg = 2 * Float(strategy.reg)
            for i in 0..<parameterCount { gradient.pointer[i] += twiceReg * parameters[i] }
        }
    }

    /// Stores the losses and test accuracy of w_t if it is a Hist entry (the head holds its CE).
    private func recordHistory(iterate t: Int) {
        let windowStart = strategy.T - strategy.K
        let exact = strategy.truncation == "exact"
        var slots: [Int] = []
        if t == (exact ? windowStart : 0) { slots.append(0) }
        if t > windowStart { slots.append(t - windowStart) }
        guard !slots.isEmpty else { return }
        let clock = ContinuousClock()
        let start = clock.now
        let accuracy = evaluator.testAccuracy(current.constPointer)
        let n = train.rows
        for slot in slots {
            (historyLosses.pointer + slot * n).update(from: train.lossesOf(0), count: n)
            historyAccuracy[slot] = accuracy
        }
        let elapsed = clock.now - start
        lastStepEvaluationSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Recomputes V[c+1 …] of the segment starting at V[c] into ``segment``.
    private func recomputeSegment(from c: Int) {
        let count = min(checkpointStride, strategy.K - c) - 1
        guard count > 0 else { return }
        current.pointer.update(from: storedSets.pointer + c / checkpointStride * parameterCount, count: parameterCount)
        let lrInner = Float(strategy.lrInner)
        for m in 0..<count {
            innerGradient(at: current.constPointer, weights: forwardWeights)
            for i in 0..<parameterCount { current.pointer[i] -= lrInner * gradient.pointer[i] }
            (segment.pointer + m * parameterCount).update(from: current.pointer, count: parameterCount)
        }
    }

    /// Parameters of Hist[j]: w₀ (or V[0] with exact truncation) for j = 0, else V[j].
    private func historyPoint(_ j: Int, segmentStart c: Int, exact: Bool) -> UnsafePointer<Float> {
        if j == 0 && !exact { return initialIterate.constPointer }
        if j == c { return UnsafePointer(storedSets.pointer + c / checkpointStride * parameterCount) }
        return UnsafePointer(segment.pointer + (j - c - 1) * parameterCount)
    }

    /// One reverse step at p: h_x += −lr_inner·(1/N)·s'⊙q(p; α); α ← α − lr_inner·(∇²_ww g(p)·α + 2·reg·α).
    private func reverseStep(at p: UnsafePointer<Float>) {
        let n = train.rows
        innerGradient(at: p, weights: sigmoid)
        hessian.multiply(parameters: p, direction: alpha.constPointer, rowWeights: sigmoid.constPointer,
                         into: hessianTimesAlpha.pointer)
        let lrInner = Float(strategy.lrInner)
        let q = hessian.directionalProducts.pointer
        for i in 0..<n {
            let si = sigmoid.pointer[i]
            hypergradient.pointer[i] -= lrInner * (si * (1 - si)) * q[i] / Float(n)
        }
        let twiceReg = 2 * Float(strategy.reg)
        for i in 0..<parameterCount {
            alpha.pointer[i] -= lrInner * (hessianTimesAlpha.pointer[i] + twiceReg * alpha.pointer[i])
        }
    }

    public func reportedTestAccuracy(evaluator: HyperCleaningEvaluator) -> Double { maximumAccuracy }

    public func state() -> MethodState {
        MethodState(iteration: iteration, vectors: ["x": upperVariable.array], schedule: nil,
                    generatorWords: generator?.snapshot)
    }

    public func restore(_ state: MethodState) throws(CheckpointError) {
        try restoreVector("x", from: state, into: upperVariable)
        if generator != nil {
            guard let words = state.generatorWords, let restored = TorchGenerator(snapshot: words) else {
                throw .mismatch("missing or invalid generator state")
            }
            generator = restored
        }
        iteration = state.iteration
    }
}
