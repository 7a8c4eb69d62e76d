import Tensor

/// `group-robust`: hyper-cleaning with a group-robust (group-DRO) lower level and a validation
/// worst-group upper level (METHODS.md §2.8, proposed test problem, after [C4]). Groups are the
/// classes: train group g = the rows whose (polluted) label is g, validation group g = the rows of
/// true class g; G = 10. With s_i = σ(x1_i) and θ the linear model,
///
///     lower  min_θ max_{q ∈ Δ_G}  ft = Σ_g q_g L_g(θ) − η/2‖q − 1/G‖² + λ/2‖θ‖²,
///            L_g(θ) = (1/|g|) Σ_{i∈g} s_i CE_i(θ)
///     upper  min_{x1} max_{x2 ∈ Δ_G}  f = Σ_g x2_g V_g(y1) − η_u/2‖x2 − 1/G‖²,  V_g = mean CE of
///            validation group g   (a smoothed validation worst-group loss)
///
/// so x2 is the upper maximising block and (y1, y2) = (θ, q). On a minibatch B the group means are
/// estimated without bias by (n/(|g||B|)) Σ_{i∈B∩g}. x1 starts at 0, q and x2 at 1/G, θ at PyTorch's
/// initialisation of `seed`.
public final class GroupRobustCleaningProblem: MinimaxBilevelProblem {
    /// η of the lower level.
    public let eta: Float
    /// η_u of the upper level.
    public let upperEta: Float
    /// λ of λ/2‖θ‖².
    public let regularization: Float
    public let name = "group-robust"
    public let sizes: MinimaxBlockSizes
    public var sets: MinimaxBlockSets { MinimaxBlockSets(x2: .simplex(total: 1), y2: .simplex(total: 1)) }
    public let initialPoint: MinimaxInitialPoint

    private let train: SampleSetLoss
    private let validation: SampleSetLoss
    private let evaluation: CleaningMetrics
    private let sigmoid: FloatBuffer
    private let rowWeights: FloatBuffer
    private let validationWeights: FloatBuffer
    private let groupLosses: FloatBuffer
    private var groups: Int { train.groupCount }

    /// The problem on `data`; see the properties.
    public init(data: HyperCleaningData, eta: Float, upperEta: Float, regularization: Float, batchSize: Int, seed: Int) {
        let network = NetworkArchitecture(.linear)
        (self.eta, self.upperEta, self.regularization) = (eta, upperEta, regularization)
        train = SampleSetLoss(samples: data.train, network: network, batchSize: batchSize)
        validation = SampleSetLoss(samples: data.validation, network: network, batchSize: batchSize)
        evaluation = CleaningMetrics(data: data, network: network)
        sigmoid = FloatBuffer(count: data.train.rows)
        rowWeights = FloatBuffer(count: data.train.rows)
        validationWeights = FloatBuffer(count: data.validation.rows)
        groupLosses = FloatBuffer(count: train.groupCount)
        let g = train.groupCount
        sizes = MinimaxBlockSizes(x1: data.train.rows, x2: g, y1: network.layout.count, y2: g)
        var generator = TorchGenerator(seed: seed)
        let uniform = [Float](repeating: 1 / Float(g), count: g)
        initialPoint = MinimaxInitialPoint(x1: [Float](repeating: 0, count: data.train.rows), x2: uniform,
                                           y1: network.initialParameters(generator: &generator), y2: uniform)
    }

    public var batchCounts: (upper: Int, lower: Int) { (validation.batchCount, train.batchCount) }

    public func selectBatches(upper: Int?, lower: Int?) {
        validation.select(upper)
        train.select(lower)
    }

    /// Σ_g a_g b_g − η/2‖a − 1/G‖² and its a-gradient b_g − η(a_g − 1/G) (into `gradient` if given).
    private func smoothedMax(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, eta: Float,
                             gradient: UnsafeMutablePointer<Float>?) -> Double {
        var value = 0.0
        let centre = 1 / Float(groups)
        for g in 0..<groups {
            value += Double(a[g] * b[g]) - Double(eta / 2 * (a[g] - centre) * (a[g] - centre))
            gradient?[g] = b[g] - eta * (a[g] - centre)
        }
        return value
    }

    public func upper(_ point: MinimaxUpperPoint, gradients: MinimaxUpperGradients) -> Double {
        gradients.x1?.update(repeating: 0, count: sizes.x1)
        gradients.y2?.update(repeating: 0, count: sizes.y2)
        validation.prepare(parameters: point.y1)
        validation.groupMeans(rowWeights: nil, into: groupLosses.pointer)
        if let y1 = gradients.y1 {
            // r_j = x2_g·n_v/|g|: (1/|B|)Σ r_j CE_j estimates Σ_g x2_g V_g.
            let labels = validation.samples.labels
            for j in validation.rows {
                let g = Int(labels[j])
                validationWeights.pointer[j] = point.x2[g] * Float(validation.samples.rows) / Float(max(validation.groupSizes[g], 1))
            }
            validation.backward(parameters: point.y1, rowWeights: validationWeights.constPointer,
                                scale: 1 / Float(validation.rows.count), into: y1)
        }
        return smoothedMax(point.x2, groupLosses.constPointer, eta: upperEta, gradient: gradients.x2)
    }

    public func lower(
        x1: UnsafePointer<Float>, z1: UnsafePointer<Float>, z2: UnsafePointer<Float>,
        gradientX1: UnsafeMutablePointer<Float>?, gradientZ1: UnsafeMutablePointer<Float>?,
        gradientZ2: UnsafeMutablePointer<Float>?
    ) -> Double {
        let rows = train.rows
        let labels = train.samples.labels
        Elementwise.sigmoid(x1 + rows.lowerBound, into: sigmoid.pointer + rows.lowerBound, count: rows.count)
        train.prepare(parameters: z1)
        let n = Float(train.samples.rows)
        for i in rows {
            let g = Int(labels[i])
            rowWeights.pointer[i] = z2[g] * sigmoid.pointer[i] * n / Float(max(train.groupSizes[g], 1))
        }
        let batchScale = 1 / Float(rows.count)
        if let gradientZ1 {
            train.backward(parameters: z1, rowWeights: rowWeights.constPointer, scale: batchScale, into: gradientZ1)
            for k in 0..<sizes.y1 { gradientZ1[k] += regularization * z1[k] }
        }
        if let gradientX1 {
            gradientX1.update(repeating: 0, count: sizes.x1)
            // ∂/∂x_i of r_i CE_i/|B| with r_i ∝ σ(x_i): the factor σ' = σ(1 − σ) replaces σ.
            for i in rows { gradientX1[i] = rowWeights.pointer[i] * (1 - sigmoid.pointer[i]) * train.loss(row: i) * batchScale }
        }
        train.groupMeans(rowWeights: sigmoid.constPointer, into: groupLosses.pointer)
        let squares = sumOfSquares(UnsafeBufferPointer(start: z1, count: sizes.y1))
        return smoothedMax(z2, groupLosses.constPointer, eta: eta, gradient: gradientZ2) + Double(regularization / 2) * squares
    }

    public func metrics(_ point: MinimaxUpperPoint) -> [(key: String, value: MetricValue)] {
        var values = evaluation.metrics(x: point.x1, parameters: point.y1)
        values.append(("max_group_weight", .float(Double((0..<groups).map { point.y2[$0] }.max() ?? 0), format: .fixed(4))))
        return values
    }
}
