#if canImport(Glibc)
    import Glibc
#endif
import Tensor

/// Multinomial regularization selection (benchopt's Covtype problem, METHODS.md §1.2, §3.3):
/// softmax regression W (d × C, row-major, no bias) with one exponent regulariser per class.
///
///     g_B(x, W) = (1/|B|) Σ CE_i(W) + ½ Σ_c exp(x_c)‖W[:, c]‖²,   f_B(W) = (1/|B|) Σ CE_j(W)
///     ∇_W g_B = A_Bᵀ(P − Y)/|B| + W·diag(exp x),   ∇_{x_c} g_B = ½ exp(x_c)‖W[:, c]‖²
///     ∇²_WW g_B·V = A_Bᵀ R/|B| + V·diag(exp x),  R = P⊙U − P⊙rowsum(P⊙U), U = A_B V
///     (∇²_xW g_B·V)_c = exp(x_c)⟨W[:, c], V[:, c]⟩
///
/// x₀ = −2, W₀ = 0 [B]. The frozen Hessian caches P per train row at the frozen W and multiplies
/// both vectors of a pair with one gemm of width 2C each way.
public final class MultinomialRegularizationProblem: StochasticBilevelProblem, FrozenLowerHessian {
    public static let maxColumns = 2
    public let data: ClassificationData
    public let innerBatches: BatchPartition
    public let outerBatches: BatchPartition
    public var outerDimension: Int { data.classes }
    public var innerDimension: Int { data.features * data.classes }
    public var initialX: [Float] { [Float](repeating: -2, count: data.classes) }
    public var initialY: [Float] { [Float](repeating: 0, count: innerDimension) }

    private let rowLogits: FloatBuffer   // b × 2C
    private let rowLosses: FloatBuffer   // b
    private let blockScratch: FloatBuffer  // d × 2C
    private let outputScratch: FloatBuffer  // d × 2C
    private let frozenProbabilities: FloatBuffer  // n × C
    private let frozenExpX: FloatBuffer
    private let expX: FloatBuffer
    private var curvatureStamp: [Int]
    private var generation = 0
    private let frozenY: FloatBuffer

    /// The problem on `data` with batches of `batchSize` rows (capped at each set's size).
    public init(data: ClassificationData, batchSize: Int) {
        self.data = data
        innerBatches = BatchPartition(sampleCount: data.train.rows, batchSize: min(batchSize, data.train.rows))
        outerBatches = BatchPartition(sampleCount: data.validation.rows, batchSize: min(batchSize, data.validation.rows))
        let rows = max(innerBatches.batchSize, outerBatches.batchSize), c = data.classes, d = data.features
        rowLogits = FloatBuffer(count: rows * 2 * c)
        rowLosses = FloatBuffer(count: rows)
        blockScratch = FloatBuffer(count: d * 2 * c)
        outputScratch = FloatBuffer(count: d * 2 * c)
        frozenProbabilities = FloatBuffer(count: data.train.rows * c)
        frozenExpX = FloatBuffer(count: c)
        expX = FloatBuffer(count: c)
        frozenY = FloatBuffer(count: d * c)
        curvatureStamp = [Int](repeating: -1, count: innerBatches.count)
    }

    public func lowerXSupport(batch: Int) -> Range<Int> { 0..<data.classes }
    public func upperXSupport(batch: Int) -> Range<Int> { 0..<0 }

    /// P (into `probabilities`, row stride C) of the rows `range` of `samples` at W.
    func probabilities(_ samples: LabeledSamples, _ range: Range<Int>, w: UnsafePointer<Float>, into p: UnsafeMutablePointer<Float>) {
        let (c, d) = (data.classes, data.features)
        gemm(.none, .none, m: range.count, n: c, k: d, a: samples.matrix + range.lowerBound * d, lda: d, b: w, ldb: c,
             c: p, ldc: c)
        samples.labels.withUnsafeBufferPointer { labels in
            SoftmaxCrossEntropy.lossesAndProbabilities(logits: p, ld: c, rows: range.count, classes: c,
                                                       labels: labels.baseAddress! + range.lowerBound, losses: rowLosses.pointer,
                                                       probabilities: p, probabilitiesLD: c)
        }
    }

    /// out ← A_Bᵀ(P − Y)/|B| at W for the rows `range` of `samples`.
    private func lossGradient(_ samples: LabeledSamples, _ range: Range<Int>, w: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let (c, d) = (data.classes, data.features)
        probabilities(samples, range, w: w, into: rowLogits.pointer)
        samples.labels.withUnsafeBufferPointer { labels in
            SoftmaxCrossEntropy.gradient(probabilities: rowLogits.constPointer, ld: c, rows: range.count, classes: c,
                                         labels: labels.baseAddress! + range.lowerBound, rowWeights: nil, scale: 1 / Float(range.count),
                                         into: rowLogits.pointer, gradientLD: c)
        }
        gemm(.transposed, .none, m: d, n: c, k: range.count, a: samples.matrix + range.lowerBound * d, lda: d,
             b: rowLogits.constPointer, ldb: c, c: out, ldc: c)
    }

    public func lowerGradientY(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               into gradient: UnsafeMutablePointer<Float>) {
        lossGradient(data.train, innerBatches.range(batch), w: y, into: gradient)
        let c = data.classes
        for k in 0..<innerDimension { gradient[k] += expf(x[k % c]) * y[k] }
    }

    /// out[j] ← ∇²CE·V_j + V_j·diag(e) for `columns` vectors, with P of the batch rows at `p`.
    private func curvatureTimes(_ block: UnsafePointer<Float>, columns: Int, range: Range<Int>, p: UnsafePointer<Float>,
                                e: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let (c, d) = (data.classes, data.features), width = columns * c
        // Interleave the vectors into one d × (columns·C) matrix so A_B multiplies them in one gemm.
        for k in 0..<d { for j in 0..<columns { for l in 0..<c { blockScratch.pointer[k * width + j * c + l] = block[j * d * c + k * c + l] } } }
        let a = data.train.matrix + range.lowerBound * d, u = rowLogits.pointer
        gemm(.none, .none, m: range.count, n: width, k: d, a: a, lda: d, b: blockScratch.constPointer, ldb: width, c: u, ldc: width)
        let scale = 1 / Float(range.count)
        for i in 0..<range.count {
            for j in 0..<columns {
                let ui = u + i * width + j * c, pi = p + i * c
                var expectation: Float = 0
                for l in 0..<c { expectation += pi[l] * ui[l] }
                for l in 0..<c { ui[l] = scale * pi[l] * (ui[l] - expectation) }
            }
        }
        gemm(.transposed, .none, m: d, n: width, k: range.count, a: a, lda: d, b: u, ldb: width, c: outputScratch.pointer, ldc: width)
        for j in 0..<columns {
            for k in 0..<d {
                for l in 0..<c {
                    output[j * d * c + k * c + l] = outputScratch.pointer[k * width + j * c + l] + e[l] * block[j * d * c + k * c + l]
                }
            }
        }
    }

    public func lowerHessianYYTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                                    y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let range = innerBatches.range(batch), c = data.classes
        let p = frozenProbabilities.pointer + range.lowerBound * c
        probabilities(data.train, range, w: y, into: p)
        curvatureStamp[batch] = -1  // the cache no longer holds the frozen point's P
        for l in 0..<c { expX.pointer[l] = expf(x[l]) }
        curvatureTimes(v, columns: 1, range: range, p: p, e: expX.constPointer, into: output)
    }

    public func lowerCrossTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                                y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let c = data.classes
        for l in 0..<c { output[l] = 0 }
        for k in 0..<innerDimension { output[k % c] += y[k] * v[k] }
        for l in 0..<c { output[l] *= expf(x[l]) }
    }

    public func lowerGradientX(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               into gradient: UnsafeMutablePointer<Float>) {
        lowerCrossTimes(y, batch: batch, x: x, y: y, into: gradient)
        for l in 0..<data.classes { gradient[l] *= 0.5 }
    }

    public func upperGradients(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               gradientY: UnsafeMutablePointer<Float>, gradientX: UnsafeMutablePointer<Float>) {
        lossGradient(data.validation, outerBatches.range(batch), w: y, into: gradientY)
    }

    // MARK: FrozenLowerHessian

    public func freezeLowerHessian(x: UnsafePointer<Float>, y: UnsafePointer<Float>) {
        generation += 1
        frozenY.pointer.update(from: y, count: innerDimension)
        for l in 0..<data.classes { frozenExpX.pointer[l] = expf(x[l]) }
    }

    public func frozenLowerHessianTimes(_ block: UnsafePointer<Float>, columns: Int, batch: Int,
                                        into output: UnsafeMutablePointer<Float>) {
        precondition((1...Self.maxColumns).contains(columns), "columns \(columns) outside 1...\(Self.maxColumns)")
        let range = innerBatches.range(batch)
        let p = frozenProbabilities.pointer + range.lowerBound * data.classes
        if curvatureStamp[batch] != generation {
            probabilities(data.train, range, w: frozenY.constPointer, into: p)
            curvatureStamp[batch] = generation
        }
        curvatureTimes(block, columns: columns, range: range, p: p, e: frozenExpX.constPointer, into: output)
    }
}
