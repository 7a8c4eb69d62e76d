import Tensor

/// The benchopt data-cleaning problem (METHODS.md §1.2 and §3.1) with minibatch oracles.
///
/// A bias-free linear classifier W (10 × 784, ``LinearPass`` with `includesBias: false`) is fitted
/// on the corrupted train set with one weight σ(x_i) per sample; x is chosen to minimise the
/// validation cross-entropy:
///
///     g_B(x, W) = (1/|B|) Σ_{i∈B} σ(x_i)·CE_i(W) + r‖W‖²,   r = 0.2
///     f_B(W)    = (1/|B|) Σ_{j∈B} CE_j(W)                   (no x)
///     ∇_{x_i} g_B = σ(x_i)(1 − σ(x_i))·CE_i/|B|,   (∇²_xy g_B·V)_i = σ(x_i)(1 − σ(x_i))·⟨P_i − Y_i, U_i⟩/|B|
///
/// with U = A_B·Vᵀ. x₀ = −2, y₀ = 0. Each batch is a slice of the data sharing its storage and
/// has its own pass, ``ClassifierHead`` and ``LowerHessianProduct``, so every oracle is the models'
/// gradient and R-pass code on `|B|` rows (the same gemm entry point as the full-batch methods).
public final class DataCleaningProblem: StochasticBilevelProblem {
    /// The lower-level regularisation r of r‖W‖² (benchopt: 0.2, not 0.2/2).
    public static let regularization: Float = 0.2
    /// x₀ (σ(−2) ≈ 0.119).
    public static let initialOuterValue: Float = -2

    /// The data the batches slice.
    public let data: DataCleaningData
    public let innerBatches: BatchPartition
    public let outerBatches: BatchPartition
    public var outerDimension: Int { data.train.rows }
    public var innerDimension: Int { layout.count }
    public var initialX: [Float] { [Float](repeating: Self.initialOuterValue, count: outerDimension) }
    public var initialY: [Float] { [Float](repeating: 0, count: innerDimension) }
    /// The parameter layout `[W]` (classes × features, row-major).
    public let layout: ParameterLayout

    let inner: [Batch]
    private let outer: [Batch]
    /// The frozen point and linearisation of ``FrozenLowerHessian`` (DataCleaningProblem+FrozenHessian.swift).
    let frozen: FrozenLinearisation

    /// One batch: its rows, their model pass and the per-row weights σ(x_i).
    final class Batch {
        let range: Range<Int>
        let head: ClassifierHead
        let hessian: LowerHessianProduct
        let sigmoid: FloatBuffer
        let discardedHessianTimes: FloatBuffer

        init(samples: LabeledSamples, range: Range<Int>, classes: Int, secondOrder: Bool) {
            self.range = range
            let pass = LinearPass(samples: LabeledSamples(rowsOf: samples, range: range), classes: classes,
                                  maxSets: 1, includesBias: false)
            head = ClassifierHead(pass: pass)
            hessian = LowerHessianProduct(head: head)
            sigmoid = FloatBuffer(count: range.count)
            discardedHessianTimes = FloatBuffer(count: secondOrder ? pass.layout.count : 0)
        }

        var rows: Int { range.count }

        /// σ(x_i) for the batch's rows, then forward, CE, softmax and G = diag(σ)(P − Y)/|B|.
        func prepareWeighted(x: UnsafePointer<Float>, y: UnsafePointer<Float>) {
            Elementwise.sigmoid(x + range.lowerBound, into: sigmoid.pointer, count: rows)
            head.pass.forward(y, nil)
            head.evaluate(set: 0)
            head.writeGradient(set: 0, rowWeights: sigmoid.constPointer, scale: 1 / Float(rows))
        }

        /// Writes σ'(x_i)·values[i]/|B| = σ(1 − σ)·values[i]/|B| into `output` (the x-chain rule).
        func chainToX(_ values: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
            let s = sigmoid.pointer
            let scale = 1 / Float(rows)
            for i in 0..<rows { output[i] = s[i] * (1 - s[i]) * values[i] * scale }
        }
    }

    /// The problem on `data` with inner and outer batches of `batchSize` rows (capped at each set's
    /// size, so `batchSize ≥ n` means full batches).
    public init(data: DataCleaningData, batchSize: Int) {
        precondition(batchSize >= 1, "batch size must be positive, got \(batchSize)")
        self.data = data
        let classes = 10
        layout = LinearPass.layout(features: data.train.features, classes: classes, includesBias: false)
        innerBatches = BatchPartition(sampleCount: data.train.rows, batchSize: min(batchSize, data.train.rows))
        outerBatches = BatchPartition(sampleCount: data.validation.rows,
                                      batchSize: min(batchSize, data.validation.rows))
        inner = (0..<innerBatches.count).map { [innerBatches] in
            Batch(samples: data.train, range: innerBatches.range($0), classes: classes, secondOrder: true)
        }
        outer = (0..<outerBatches.count).map { [outerBatches] in
            Batch(samples: data.validation, range: outerBatches.range($0), classes: classes, secondOrder: false)
        }
        frozen = FrozenLinearisation(rows: data.train.rows, parameters: layout.count, classes: classes,
                                     largestBatch: innerBatches.range(0).count, batches: innerBatches.count)
    }

    public func lowerXSupport(batch: Int) -> Range<Int> { inner[batch].range }
    public func upperXSupport(batch: Int) -> Range<Int> { 0..<0 }

    /// out += 2r·v over d_y entries: the regulariser's share of a gradient or Hessian product.
    func addRegularization(_ v: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>) {
        let twiceR = 2 * Self.regularization
        for k in 0..<innerDimension { output[k] += twiceR * v[k] }
    }

    public func lowerGradientY(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               into gradient: UnsafeMutablePointer<Float>) {
        let b = inner[batch]
        b.prepareWeighted(x: x, y: y)
        b.head.pass.backward(logitGradient: b.head.logitGradient.constPointer, y, nil, into: gradient, nil,
                             accumulate: false)
        addRegularization(y, to: gradient)
    }

    public func lowerGradientYAndProducts(
        batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>, direction v: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>, hessianTimes: UnsafeMutablePointer<Float>,
        crossTimes: UnsafeMutablePointer<Float>
    ) {
        lowerGradientY(batch: batch, x: x, y: y, into: gradient)
        let b = inner[batch]
        b.hessian.multiply(parameters: y, direction: v, rowWeights: b.sigmoid.constPointer, into: hessianTimes)
        addRegularization(v, to: hessianTimes)
        b.chainToX(b.hessian.directionalProducts.constPointer, into: crossTimes)
    }

    public func lowerHessianYYTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                                    y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let b = inner[batch]
        // The linear pass's R-backward needs no state from a backward pass, so none is run here.
        b.prepareWeighted(x: x, y: y)
        b.hessian.multiply(parameters: y, direction: v, rowWeights: b.sigmoid.constPointer, into: output)
        addRegularization(v, to: output)
    }

    public func lowerCrossTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                                y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let b = inner[batch]
        b.prepareWeighted(x: x, y: y)
        b.hessian.multiply(parameters: y, direction: v, rowWeights: b.sigmoid.constPointer,
                           into: b.discardedHessianTimes.pointer)
        b.chainToX(b.hessian.directionalProducts.constPointer, into: output)
    }

    public func lowerGradientX(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               into gradient: UnsafeMutablePointer<Float>) {
        let b = inner[batch]
        Elementwise.sigmoid(x + b.range.lowerBound, into: b.sigmoid.pointer, count: b.rows)
        b.head.pass.forward(y, nil)
        b.head.evaluate(set: 0)
        b.chainToX(b.head.lossesOf(0), into: gradient)
    }

    public func upperGradients(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               gradientY: UnsafeMutablePointer<Float>, gradientX: UnsafeMutablePointer<Float>) {
        let b = outer[batch]
        b.head.lossAndGradient(at: y, rowWeights: nil, scale: 1 / Float(b.rows), into: gradientY)
    }
}
