import Tensor

/// One PBGD hyper-cleaning iteration as a benchmark workload: a method (V-PBGD or G-PBGD) on a
/// network (linear or MLP) over MNIST-shaped synthetic data, with the baseline strategy.
///
/// Shared by `bilevel bench iterations` and the `IterationBenchmarks` suite, so both time the
/// same code. The data is made by a seeded generator (``syntheticData(seed:)``), so no dataset
/// files are needed and the cost is that of the real problem: every product has the MNIST sizes.
///
/// ## FLOPs per iteration
///
/// Counted from the products the methods issue in steady state (``products``), 2·m·n·k each, with
/// n = 5000 training (and validation) rows, d = 784 features, C = 10 classes, H = 300 hidden units:
///
/// - V-PBGD (inner_itr = 1; the inner gradient reuses the last iteration's stacked backward):
///   stacked train forward X·[W|Ω]ᵀ, validation forward X·Wᵀ and backward Gᵀ·X, stacked train
///   backward [G_w|G_ω]ᵀ·X.
///   Linear: 2·n·d·(2C + C + C + 2C) = 12·n·d·C = 0.4704 GFLOP.
///   MLP: first layer 12·n·d·H = 14.112 GFLOP, plus 9 products of 2·n·H·C (3 output-layer
///   forwards, 3 dW2 = Gᵀ·Hh, 3 dH = G·W2) = 0.270 GFLOP; 14.382 GFLOP in all.
/// - G-PBGD: train forward and backward, the R-pass (directional forward and backward) and the
///   validation forward and backward.
///   Linear: 6 products of 2·n·d·C = 0.4704 GFLOP.
///   MLP: 6 first-layer products 12·n·d·H = 14.112 GFLOP, plus 12 of 2·n·H·C (train 3,
///   R-forward 2, R-backward 4, validation 3) = 0.360 GFLOP; 14.472 GFLOP in all.
///
/// These agree with PBGD.md §7 (V-PBGD "reusing": 0.470 / 14.38 GF; G-PBGD 0.470 / 14.47 GF).
/// Element-wise work (softmax, sigmoid, bias, sums) is O(n·C + n·H) and not counted.
public struct IterationWorkload: Sendable, Hashable, CustomStringConvertible {
    /// The PBGD methods an iteration workload can run.
    public enum Method: String, CaseIterable, Sendable {
        /// Value-function PBGD (``VPBGD``).
        case vPBGD = "v_pbgd"
        /// Gradient-norm PBGD (``GPBGD``).
        case gPBGD = "g_pbgd"
    }

    /// Training rows of the synthetic data (the protocol's 5000).
    public static let trainRows = 5000
    /// Validation rows (5000).
    public static let validationRows = 5000
    /// Test rows (10000); built for completeness, an iteration does not read them.
    public static let testRows = 10_000
    /// Features per row (784 = 28·28).
    public static let features = 784
    /// Classes (10).
    public static let classes = 10

    /// The network.
    public var network: NetworkKind
    /// The method.
    public var method: Method

    /// The workload of `method` on `network`.
    public init(network: NetworkKind, method: Method) {
        self.network = network
        self.method = method
    }

    /// Every (network, method) pair, networks first.
    public static let all: [IterationWorkload] = NetworkKind.allCases.flatMap { network in
        Method.allCases.map { IterationWorkload(network: network, method: $0) }
    }

    /// `"<net> <method>"`, e.g. `"linear v_pbgd"`.
    public var description: String { "\(network.rawValue) \(method.rawValue)" }

    /// The network with the MNIST sizes.
    public var architecture: NetworkArchitecture {
        NetworkArchitecture(network, features: Self.features, classes: Self.classes)
    }

    /// The benchmark's baseline strategy of this method and network (PBGD.md §3.6).
    public var strategy: HyperCleaningStrategy {
        do {
            return try HyperCleaningPresets.baseline(method: method.rawValue, network: network)
        } catch {
            preconditionFailure("no baseline strategy for \(self): \(error)")
        }
    }

    /// A method at iteration 0 on `data`, initialised from `seed` as a real run is.
    public func makeMethod(data: HyperCleaningData, seed: Int = 42) -> any HyperCleaningMethod {
        switch method {
        case .vPBGD: return VPBGD(data: data, network: architecture, strategy: strategy, seed: seed)
        case .gPBGD: return GPBGD(data: data, network: architecture, strategy: strategy, seed: seed)
        }
    }

    /// The matrix products one steady-state iteration issues, in order, with the transposes the
    /// passes use (weights are stored classes × features, so forwards are `NT`, gradients `TN`).
    /// See the type's documentation for the count.
    public var products: [GemmShape] {
        let n = Self.trainRows
        let d = Self.features
        let c = Self.classes
        let h = NetworkKind.hiddenUnits
        /// Z = X·Wᵀ over `n` rows, output width `width`.
        func forward(_ width: Int, _ inner: Int, _ label: String) -> GemmShape {
            GemmShape(m: n, n: width, k: inner, transB: .transposed, label: label)
        }
        /// ∂W = Gᵀ·X: `width` gradient rows, `inner` columns, reduced over the `n` rows.
        func gradient(_ width: Int, _ inner: Int, _ label: String) -> GemmShape {
            GemmShape(m: width, n: inner, k: n, transA: .transposed, label: label)
        }
        /// dH = G·W2 (n × H from n × C).
        let hiddenGradient = GemmShape(m: n, n: h, k: c, label: "dH = G·W2")
        switch (network, method) {
        case (.linear, .vPBGD):
            return [
                forward(2 * c, d, "train X·[W|Ω]ᵀ"), forward(c, d, "validation X·Wᵀ"),
                gradient(c, d, "validation Gᵀ·X"), gradient(2 * c, d, "train [G_w|G_ω]ᵀ·X"),
            ]
        case (.linear, .gPBGD):
            return [
                forward(c, d, "train X·Wᵀ"), gradient(c, d, "train Gᵀ·X"),
                forward(c, d, "R-forward X·Vᵀ"), gradient(c, d, "R-backward R(G)ᵀ·X"),
                forward(c, d, "validation X·Wᵀ"), gradient(c, d, "validation Gᵀ·X"),
            ]
        case (.mlp, .vPBGD):
            let outputForward = forward(c, h, "Hh·W2ᵀ")
            let outputGradient = gradient(c, h, "dW2 = Gᵀ·Hh")
            return [
                forward(2 * h, d, "train X·[W1|Ω1]ᵀ"), outputForward, outputForward,
                forward(h, d, "validation X·W1ᵀ"), outputForward,
                outputGradient, hiddenGradient, gradient(h, d, "validation D1ᵀ·X"),
                outputGradient, hiddenGradient, outputGradient, hiddenGradient,
                gradient(2 * h, d, "train [D1_w|D1_ω]ᵀ·X"),
            ]
        case (.mlp, .gPBGD):
            let outputForward = forward(c, h, "Hh·W2ᵀ")
            let outputGradient = gradient(c, h, "dW2 = Gᵀ·Hh")
            let lossAndGradient = [
                forward(h, d, "X·W1ᵀ"), outputForward, outputGradient, hiddenGradient,
                gradient(h, d, "D1ᵀ·X"),
            ]
            let rPass = [
                forward(h, d, "R-forward X·V1ᵀ"), outputForward, outputForward,
                outputGradient, outputGradient, hiddenGradient, hiddenGradient,
                gradient(h, d, "R-backward R(D1)ᵀ·X"),
            ]
            return lossAndGradient + rPass + lossAndGradient
        }
    }

    /// FLOPs of one iteration: the sum of 2·m·n·k over ``products``.
    public var flops: Double { products.reduce(0) { $0 + $1.flops } }

    /// The products that read a 5000 × 784 sample matrix (train or validation X): forwards
    /// X·Wᵀ (k = 784 features) and gradients Dᵀ·X (n = 784, reduced over the rows).
    public var sampleMatrixPasses: Int {
        products.filter { shape in
            (shape.m == Self.trainRows && shape.k == Self.features)
                || (shape.n == Self.features && shape.k == Self.trainRows)
        }.count
    }

    /// The bytes an iteration must move at least: the dense Float32 sample matrix read once per
    /// product that uses it (``sampleMatrixPasses`` × 5000 × 784 × 4 B = 15.7 MB each; the
    /// weights and activations are smaller and not counted).
    public var bytesMoved: Double {
        Double(sampleMatrixPasses * Self.trainRows * Self.features * MemoryLayout<Float>.stride)
    }

    /// The large square product whose rate gives the roofline (``IterationMeasurement/rooflineSeconds``).
    public static func rooflineShape(size: Int = 2000) -> GemmShape {
        GemmShape(m: size, n: size, k: size, label: "large square")
    }

    /// Fraction of nonzero synthetic features: MNIST's share of nonzero pixels (about 19 %).
    public static let syntheticDensity = 0.19

    /// MNIST-shaped data from a seeded generator: 5000/5000/10000 rows × 784 features, labels
    /// uniform over the 10 classes, every other training row flagged as polluted.
    ///
    /// Like MNIST pixels, about 19 % of the features are nonzero (uniform in [0, 1)), the rest 0.
    /// The sparsity matters: with dense uniform features the mean row is so large that the
    /// baseline step sizes (G-PBGD's lry = 0.5) diverge within a few iterations, the
    /// probabilities underflow to subnormals and the products slow down several-fold, which
    /// measures the subnormal penalty instead of the iteration. The same `seed` gives the same
    /// data on every machine. Allocates ~80 MB.
    public static func syntheticData(seed: UInt64 = 2424) -> HyperCleaningData {
        var generator = SplitMix64(seed: seed)
        let threshold = UInt64(syntheticDensity * 65536)
        func samples(_ rows: Int) -> LabeledSamples {
            let values = (0..<(rows * features)).map { _ in
                // Top 24 bits: the value; low 16 bits: whether the feature is nonzero.
                let word = generator.next()
                return word & 0xFFFF < threshold ? Float(word >> 40) / Float(1 << 24) : 0
            }
            let labels = (0..<rows).map { _ in Int32(generator.next() % UInt64(classes)) }
            return LabeledSamples(values: values, labels: labels, features: features)
        }
        let train = samples(trainRows)
        let validation = samples(validationRows)
        let test = samples(testRows)
        let cleanFlags = (0..<trainRows).map { Float($0 % 2) }
        return HyperCleaningData(
            train: train, validation: validation, test: test, cleanFlags: cleanFlags)
    }
}

/// The timing of one ``IterationWorkload`` on one backend and thread count, with the gemm-only
/// time and the roofline it is compared with.
public struct IterationMeasurement: Sendable {
    /// What was timed.
    public var workload: IterationWorkload
    /// The backend every product used.
    public var backend: Backend
    /// How the products with the sample matrix ran (dense gemm or the sparse kernels).
    public var products: SampleProducts
    /// Threads each product could use.
    public var threads: Int
    /// Timed iterations (after warm-up).
    public var iterations: Int
    /// Median wall-clock time of one iteration, seconds.
    public var medianSeconds: Double
    /// The losses of the last timed iteration (finite unless the run diverged, see
    /// ``isFinite``).
    public var lastLog: IterationLog
    /// The iteration's products alone (``IterationProducts``), median of runs timed alternately
    /// with the iterations, seconds.
    public var gemmSeconds: Double
    /// The roofline, seconds: the larger of ``flopBoundSeconds`` and ``memoryBoundSeconds``.
    public var rooflineSeconds: Double { max(flopBoundSeconds, memoryBoundSeconds) }
    /// ``IterationWorkload/flops`` at the large-square sgemm rate measured in the same run, seconds.
    public var flopBoundSeconds: Double
    /// ``IterationWorkload/bytesMoved`` at the streaming bandwidth measured in the same run
    /// (0 when none was measured), seconds.
    public var memoryBoundSeconds: Double
    /// Which side of the roofline binds an iteration (its raw value is the JSON `roofline_bound`).
    public enum RooflineBound: String, Sendable {
        /// The FLOPs at the large-square sgemm rate.
        case flops
        /// The bytes moved at the streaming bandwidth.
        case memory
    }

    /// Which bound the roofline is.
    public var rooflineBound: RooflineBound { memoryBoundSeconds > flopBoundSeconds ? .memory : .flops }

    /// Whether the last timed iteration's losses are finite and below 10·ln 10 (ten uniform guesses): a
    /// diverged run computes on subnormals and infinities, whose cost is not the iteration's.
    public var isFinite: Bool {
        let bound = 10 * 2.302_585_093  // 10·ln(10)
        return [lastLog.trainLoss, lastLog.validationLoss].allSatisfy { $0.isFinite && $0 < bound }
    }
    /// Median milliseconds per iteration.
    public var msPerIteration: Double { medianSeconds * 1e3 }
    /// Gemm-only milliseconds per iteration.
    public var gemmMs: Double { gemmSeconds * 1e3 }
    /// Roofline milliseconds per iteration.
    public var rooflineMs: Double { rooflineSeconds * 1e3 }
    /// Iteration time / gemm-only time (1 = nothing but the products costs time).
    public var overhead: Double { medianSeconds / gemmSeconds }
    /// FLOPs per iteration / median time, in GFLOP/s.
    public var gflops: Double { workload.flops / medianSeconds / 1e9 }
    /// Baseline `outer_itr` × the median iteration time, seconds (no evaluation included).
    public var projectedRunSeconds: Double { Double(workload.strategy.outerItr) * medianSeconds }
}

/// Times steady-state iterations of `workload` on `data`, and the iteration's products alone.
///
/// Builds the method (seed 42), runs `warmUp` steps (the first V-PBGD step does an extra inner
/// pass and every first product grows its workspace), then alternates `iterations` timed steps
/// with as many timed runs of the iteration's products alone (``IterationProducts``), each timed
/// with `ContinuousClock` (monotonic), and takes the median of each. Every product uses `backend`
/// with `threads` threads under the run's thread policy
/// (``HyperCleaningData/applyThreadPolicy()``), and the sample products run as `products` says;
/// the process-wide settings are restored after.
///
/// - Parameters:
///   - rooflineGFLOPS: the large-square sgemm rate of this run, GFLOP/s.
///   - bandwidth: the streaming read bandwidth of this run (``StreamingBandwidth``), bytes per
///     second; 0 leaves the memory bound out.
public func measureIteration(
    _ workload: IterationWorkload, data: HyperCleaningData, backend: Backend, threads: Int,
    products: SampleProducts, iterations: Int, warmUp: Int = 2, rooflineGFLOPS: Double,
    bandwidth: Double = 0
) -> IterationMeasurement {
    precondition(iterations >= 1, "measureIteration: iterations must be >= 1, got \(iterations)")
    precondition(warmUp >= 1, "measureIteration: warm-up must be >= 1 (steady state), got \(warmUp)")
    let method = workload.makeMethod(data: data)
    let replay = IterationProducts(workload.products, samples: data.train, products: products)
    var lastLog = IterationLog(trainLoss: 0, validationLoss: 0, auxiliary: 0)
    let (seconds, productSeconds) = withSampleProducts(products) {
        withBackend(backend, threads: threads) {
            data.applyThreadPolicy()
            for _ in 0..<warmUp {
                _ = method.step()
                replay.run(backend: backend)
            }
            return alternatingMedianSeconds(of: iterations, { lastLog = method.step() }, { replay.run(backend: backend) })
        }
    }
    return IterationMeasurement(
        workload: workload, backend: backend, products: products, threads: threads,
        iterations: iterations, medianSeconds: seconds, lastLog: lastLog, gemmSeconds: productSeconds,
        flopBoundSeconds: workload.flops / (rooflineGFLOPS * 1e9),
        memoryBoundSeconds: bandwidth > 0 ? workload.bytesMoved / bandwidth : 0)
}

/// Runs `body` with ``Backend/active`` = `backend` and `threads` threads for both backends'
/// products, restoring the previous settings after.
package func withBackend<R>(_ backend: Backend, threads: Int, _ body: () -> R) -> R {
    let previous = Backend.active
    Backend.active = backend
    defer { Backend.active = previous }
    return withThreads(threads, body)
}
