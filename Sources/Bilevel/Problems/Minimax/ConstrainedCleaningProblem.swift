import Tensor

/// `constrained-cleaning`: MNIST data hyper-cleaning (the PBGD split, HyperCleaningData) with the
/// lower-level weights constrained to a Euclidean ball, ‖θ‖ ≤ r (θ = [W, b] of the linear model):
///
///     f(x1, y1)   = (1/n_v) Σ_j CE_j(y1)                                   (validation)
///     lower level min_θ φ(x1, θ) = (1/n) Σ_i σ(x1_i) CE_i(θ) + c‖θ‖²  s.t.  ‖θ‖² ≤ r²
///
/// ``Formulation/dual`` (for `penalty_sapd`): ft(x1, θ, λ) = φ + λ(‖θ‖² − r²), λ ∈ [0, Λ] with
/// Λ = ln(10)/r² by default: θ = 0 is a Slater point with margin r² and φ(0) − min φ ≤ ln 10, so
/// every multiplier is at most ln(10)/r² ([S4]'s Slater bound; the exact constant is [R]).
/// ``Formulation/projection`` (for projected V-PBGD): ft = φ with Y1 = the ball.
/// x1 starts at 0 (σ = ½), θ at PyTorch's `nn.Linear` initialisation of `seed`, λ at 0.
/// Minibatches (`batchSize` > 0) slice train and validation rows.
public final class ConstrainedCleaningProblem: MinimaxBilevelProblem {
    /// How the constraint enters the lower level.
    public enum Formulation: String, Sendable, CaseIterable {
        /// Lagrangian minimax lower level with multiplier λ.
        case dual
        /// Projection of θ onto the ball.
        case projection
    }

    /// Ball radius r.
    public let radius: Float
    /// Multiplier bound Λ.
    public let multiplierBound: Float
    /// Lower-level regularisation c of c‖θ‖².
    public let regularization: Float
    /// The formulation.
    public let formulation: Formulation
    public let name = "constrained-cleaning"
    public let sizes: MinimaxBlockSizes
    public var sets: MinimaxBlockSets {
        formulation == .dual ? MinimaxBlockSets(y2: .cappedSimplex(cap: multiplierBound))
            : MinimaxBlockSets(y1: .ball(radius: radius))
    }
    public let initialPoint: MinimaxInitialPoint

    private let train: SampleSetLoss
    private let validation: SampleSetLoss
    private let evaluation: CleaningMetrics
    private let sigmoid: FloatBuffer

    /// The problem on `data`; `multiplierBound` nil means ln(10)/r².
    public init(data: HyperCleaningData, radius: Float, multiplierBound: Float? = nil, regularization: Float = 0,
                formulation: Formulation, batchSize: Int, seed: Int) {
        let network = NetworkArchitecture(.linear)
        self.radius = radius
        self.multiplierBound = multiplierBound ?? Float(2.302585092994046) / (radius * radius)  // ln 10
        self.regularization = regularization
        self.formulation = formulation
        train = SampleSetLoss(samples: data.train, network: network, batchSize: batchSize)
        validation = SampleSetLoss(samples: data.validation, network: network, batchSize: batchSize)
        evaluation = CleaningMetrics(data: data, network: network)
        sigmoid = FloatBuffer(count: data.train.rows)
        sizes = MinimaxBlockSizes(x1: data.train.rows, x2: 0, y1: network.layout.count, y2: formulation == .dual ? 1 : 0)
        var generator = TorchGenerator(seed: seed)
        let theta = network.initialParameters(generator: &generator)
        initialPoint = MinimaxInitialPoint(x1: [Float](repeating: 0, count: data.train.rows), x2: [], y1: theta,
                                           y2: formulation == .dual ? [0] : [])
    }

    public var batchCounts: (upper: Int, lower: Int) { (validation.batchCount, train.batchCount) }

    public func selectBatches(upper: Int?, lower: Int?) {
        validation.select(upper)
        train.select(lower)
    }

    public func upper(_ point: MinimaxUpperPoint, gradients: MinimaxUpperGradients) -> Double {
        gradients.x1?.update(repeating: 0, count: sizes.x1)
        gradients.y2?.update(repeating: 0, count: sizes.y2)
        validation.prepare(parameters: point.y1)
        if let y1 = gradients.y1 {
            validation.head.writeGradient(set: 0, rowWeights: nil, scale: 1 / Float(validation.rows.count))
            validation.head.pass.backward(logitGradient: validation.head.logitGradient.constPointer, point.y1, nil,
                                          into: y1, nil, accumulate: false)
        }
        return validation.head.meanLoss(set: 0, rowWeights: nil)
    }

    public func lower(
        x1: UnsafePointer<Float>, z1: UnsafePointer<Float>, z2: UnsafePointer<Float>,
        gradientX1: UnsafeMutablePointer<Float>?, gradientZ1: UnsafeMutablePointer<Float>?,
        gradientZ2: UnsafeMutablePointer<Float>?
    ) -> Double {
        let count = sizes.y1
        let squares = Float(sumOfSquares(UnsafeBufferPointer(start: z1, count: count)))
        let lambda: Float = formulation == .dual ? z2[0] : 0
        gradientZ2?[0] = squares - radius * radius
        // d_3 ft = ‖θ‖² − r² needs no pass; skip the model when nothing else is asked for.
        guard gradientX1 != nil || gradientZ1 != nil else { return .nan }
        let rows = train.rows
        Elementwise.sigmoid(x1 + rows.lowerBound, into: sigmoid.pointer + rows.lowerBound, count: rows.count)
        train.prepare(parameters: z1)
        let batchScale = 1 / Float(rows.count)
        if let gradientZ1 {
            train.backward(parameters: z1, rowWeights: sigmoid.constPointer, scale: batchScale, into: gradientZ1)
            let shrink = 2 * (regularization + lambda)
            for k in 0..<count { gradientZ1[k] += shrink * z1[k] }
        }
        if let gradientX1 {
            gradientX1.update(repeating: 0, count: sizes.x1)
            for i in rows {
                let s = sigmoid.pointer[i]
                gradientX1[i] = s * (1 - s) * train.loss(row: i) * batchScale
            }
        }
        var weighted = 0.0
        for i in rows { weighted += Double(sigmoid.pointer[i]) * Double(train.loss(row: i)) }
        return weighted / Double(rows.count) + Double(regularization * squares) + Double(lambda * (squares - radius * radius))
    }

    public func metrics(_ point: MinimaxUpperPoint) -> [(key: String, value: MetricValue)] {
        var values = evaluation.metrics(x: point.x1, parameters: point.y1)
        if formulation == .dual { values.append(("multiplier", .float(Double(point.y2[0]), format: .shortest))) }
        return values
    }
}
