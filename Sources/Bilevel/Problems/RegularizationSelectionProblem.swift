#if canImport(Glibc)
    import Glibc
#endif
import Tensor

/// Regularization selection (benchopt's IJCNN1 problem, METHODS.md §1.2 and §3.2): binary
/// logistic regression y ∈ R^d without bias, one exponent regulariser per feature x ∈ R^d.
///
///     g_B(x, y) = (1/|B|) Σ_{i∈B} log(1 + exp(−m_i)) + ½ Σ_k exp(x_k)·y_k²,   m_i = l_i·a_iᵀy, l_i = ±1
///     f_B(y)    = (1/|B|) Σ_{j∈B} log(1 + exp(−m_j))                       (validation; no x)
///     ∇_y g_B = −(1/|B|) Σ q_i l_i a_i + exp(x)⊙y,   q_i = σ(−m_i);   ∇_x g_B = ½ exp(x)⊙y⊙y
///     ∇²_yy g_B·v = (1/|B|) Σ q_i(1 − q_i) a_i a_iᵀv + exp(x)⊙v,   ∇²_xy g_B·v = exp(x)⊙y⊙v
///
/// Batches are contiguous row slices, so every oracle is a gemv (or, for the frozen Hessian of
/// ``FrozenLowerHessian``, a gemm of width 2) on the batch's rows. The frozen Hessian's curvature
/// weights q(1 − q) are computed once per frozen point and batch. Initial point [B]:
/// y₀ ~ N(0, I), x₀ = log U(0, 1) from `RandomState(initSeed)` (default 2442).
public final class RegularizationSelectionProblem: StochasticBilevelProblem, FrozenLowerHessian {
    public static let maxColumns = 2
    /// The samples.
    public let data: ClassificationData
    public let innerBatches: BatchPartition
    public let outerBatches: BatchPartition
    public let initialX: [Float]
    public let initialY: [Float]
    public var outerDimension: Int { data.features }
    public var innerDimension: Int { data.features }

    /// ±1 labels of the train and validation rows.
    private let trainSigns: FloatBuffer
    private let validationSigns: FloatBuffer
    /// Per-row scratch (largest set): margins, then the gemv coefficients.
    private let rowScratch: FloatBuffer
    /// Two columns of per-row products for the stacked Hessian (b × 2).
    private let rowPairs: FloatBuffer
    private let expX: FloatBuffer
    // The frozen point: exp(x̄) and, per train row, q(1 − q) at ȳ, valid for batches whose stamp
    // equals the current generation.
    private let frozenY: FloatBuffer
    private let frozenExpX: FloatBuffer
    private let curvatureWeights: FloatBuffer
    private var curvatureStamp: [Int]
    private var generation = 0

    /// The problem on `data` (binary labels 0/1) with batches of `batchSize` rows (capped at each
    /// set's size).
    public init(data: ClassificationData, batchSize: Int, initSeed: UInt32 = 2442) {
        precondition(data.classes == 2, "regularization selection is binary, got \(data.classes) classes")
        self.data = data
        let d = data.features
        innerBatches = BatchPartition(sampleCount: data.train.rows, batchSize: min(batchSize, data.train.rows))
        outerBatches = BatchPartition(sampleCount: data.validation.rows, batchSize: min(batchSize, data.validation.rows))
        var gauss = GaussianSampler(seed: initSeed)
        initialY = gauss.floats(d)
        initialX = (0..<d).map { _ in Float(log(max(gauss.uniform(), Double.leastNormalMagnitude))) }
        trainSigns = FloatBuffer(data.train.labels.map { $0 == 1 ? 1 : -1 })
        validationSigns = FloatBuffer(data.validation.labels.map { $0 == 1 ? 1 : -1 })
        let rows = max(innerBatches.batchSize, outerBatches.batchSize)
        rowScratch = FloatBuffer(count: rows)
        rowPairs = FloatBuffer(count: 2 * rows)
        expX = FloatBuffer(count: d)
        frozenY = FloatBuffer(count: d)
        frozenExpX = FloatBuffer(count: d)
        curvatureWeights = FloatBuffer(count: data.train.rows)
        curvatureStamp = [Int](repeating: -1, count: innerBatches.count)
    }

    public func lowerXSupport(batch: Int) -> Range<Int> { 0..<data.features }
    public func upperXSupport(batch: Int) -> Range<Int> { 0..<0 }

    /// Rows of `batch` in `samples` as a pointer, their signs and count.
    private func rows(_ samples: LabeledSamples, _ signs: FloatBuffer, _ range: Range<Int>)
        -> (a: UnsafePointer<Float>, l: UnsafePointer<Float>, count: Int)
    {
        (samples.matrix + range.lowerBound * samples.features, signs.constPointer + range.lowerBound, range.count)
    }

    /// rowScratch ← −q_i·l_i/|B| (the loss derivative per row, scaled); returns the rows.
    @discardableResult
    private func lossSlopes(_ samples: LabeledSamples, _ signs: FloatBuffer, _ range: Range<Int>, y: UnsafePointer<Float>)
        -> (a: UnsafePointer<Float>, l: UnsafePointer<Float>, count: Int)
    {
        let r = rows(samples, signs, range), d = data.features
        gemv(.none, m: r.count, n: d, a: r.a, lda: d, x: y, y: rowScratch.pointer)
        let s = rowScratch.pointer, scale = 1 / Float(r.count)
        for i in 0..<r.count {
            let q = 1 / (1 + expf(r.l[i] * s[i]))  // σ(−m_i)
            s[i] = -q * r.l[i] * scale
        }
        return r
    }

    private func loadExpX(_ x: UnsafePointer<Float>) {
        for k in 0..<data.features { expX.pointer[k] = expf(x[k]) }
    }

    public func lowerGradientY(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               into gradient: UnsafeMutablePointer<Float>) {
        let r = lossSlopes(data.train, trainSigns, innerBatches.range(batch), y: y), d = data.features
        gemv(.transposed, m: r.count, n: d, a: r.a, lda: d, x: rowScratch.constPointer, y: gradient)
        loadExpX(x)
        for k in 0..<d { gradient[k] += expX.pointer[k] * y[k] }
    }

    /// Writes q_i(1 − q_i)/|B| for the rows of `range` at y into `weights`.
    private func writeCurvature(_ range: Range<Int>, y: UnsafePointer<Float>, into weights: UnsafeMutablePointer<Float>) {
        let r = rows(data.train, trainSigns, range), d = data.features
        gemv(.none, m: r.count, n: d, a: r.a, lda: d, x: y, y: weights)
        let scale = 1 / Float(r.count)
        for i in 0..<r.count {
            let q = 1 / (1 + expf(r.l[i] * weights[i]))
            weights[i] = q * (1 - q) * scale
        }
    }

    /// out[j] ← A_Bᵀ·diag(w)·A_B·block[j] + e⊙block[j] for `columns` vectors (two gemms).
    private func curvatureTimes(_ block: UnsafePointer<Float>, columns: Int, range: Range<Int>,
                                weights: UnsafePointer<Float>, diagonal e: UnsafePointer<Float>,
                                into output: UnsafeMutablePointer<Float>) {
        let r = rows(data.train, trainSigns, range), d = data.features
        // U = A_B·blockᵀ (b × columns), scaled row-wise by w, then out = Uᵀ·A_B (columns × d).
        gemm(.none, .transposed, m: r.count, n: columns, k: d, a: r.a, lda: d, b: block, ldb: d,
             c: rowPairs.pointer, ldc: columns)
        for i in 0..<r.count {
            for j in 0..<columns { rowPairs.pointer[i * columns + j] *= weights[i] }
        }
        gemm(.transposed, .none, m: columns, n: d, k: r.count, a: rowPairs.constPointer, lda: columns, b: r.a, ldb: d,
             c: output, ldc: d)
        for j in 0..<columns {
            for k in 0..<d { output[j * d + k] += e[k] * block[j * d + k] }
        }
    }

    public func lowerHessianYYTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                                    y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let range = innerBatches.range(batch)
        let weights = curvatureWeights.pointer + range.lowerBound
        writeCurvature(range, y: y, into: weights)
        curvatureStamp[batch] = -1  // the shared weights no longer hold the frozen point's
        loadExpX(x)
        curvatureTimes(v, columns: 1, range: range, weights: weights, diagonal: expX.constPointer, into: output)
    }

    public func lowerCrossTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                                y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        for k in 0..<data.features { output[k] = expf(x[k]) * y[k] * v[k] }
    }

    public func lowerGradientX(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               into gradient: UnsafeMutablePointer<Float>) {
        for k in 0..<data.features { gradient[k] = 0.5 * expf(x[k]) * y[k] * y[k] }
    }

    public func upperGradients(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               gradientY: UnsafeMutablePointer<Float>, gradientX: UnsafeMutablePointer<Float>) {
        let r = lossSlopes(data.validation, validationSigns, outerBatches.range(batch), y: y), d = data.features
        gemv(.transposed, m: r.count, n: d, a: r.a, lda: d, x: rowScratch.constPointer, y: gradientY)
    }

    // MARK: FrozenLowerHessian

    public func freezeLowerHessian(x: UnsafePointer<Float>, y: UnsafePointer<Float>) {
        generation += 1
        frozenY.pointer.update(from: y, count: data.features)
        for k in 0..<data.features { frozenExpX.pointer[k] = expf(x[k]) }
    }

    public func frozenLowerHessianTimes(_ block: UnsafePointer<Float>, columns: Int, batch: Int,
                                        into output: UnsafeMutablePointer<Float>) {
        precondition((1...Self.maxColumns).contains(columns), "columns \(columns) outside 1...\(Self.maxColumns)")
        let range = innerBatches.range(batch)
        let weights = curvatureWeights.pointer + range.lowerBound
        if curvatureStamp[batch] != generation {
            writeCurvature(range, y: frozenY.constPointer, into: weights)
            curvatureStamp[batch] = generation
        }
        curvatureTimes(block, columns: columns, range: range, weights: weights, diagonal: frozenExpX.constPointer,
                       into: output)
    }
}
