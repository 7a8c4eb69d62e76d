import Tensor

/// The products of one iteration of a workload (``IterationWorkload/products``, in order), with
/// their operands allocated once, run back to back: what a benchmark's `gemm_ms` times.
///
/// Under ``SampleProducts/sparse`` the products with the training matrix (X·Wᵀ, Dᵀ·X) run
/// through its sparse kernels, the others as gemms. ``measureIteration(_:data:backend:threads:products:iterations:warmUp:rooflineGFLOPS:bandwidth:)``
/// times them alternately with the iterations, in the same thread configuration, so a host
/// whose speed drifts, and the run's thread policy, weigh on both sides of the overhead alike.
final class IterationProducts {
    private enum Step {
        case gemm(Int)
        case forward(width: Int)
        case gradient(width: Int)
    }

    private var gemms: [GemmOperands] = []
    private var steps: [Step] = []
    private let samples: LabeledSamples
    /// B (width × features) of a forward or D (rows × width) of a gradient, seeded values.
    private let operand: FloatBuffer
    private let output: FloatBuffer

    /// The products `shapes`, the sample products on `samples` when `products` is sparse.
    init(_ shapes: [GemmShape], samples: LabeledSamples, products: SampleProducts) {
        self.samples = samples
        var largest = 1
        for shape in shapes {
            if products == .sparse, let product = SampleProductShape(shape, features: samples.features) {
                steps.append(product.isGradient ? .gradient(width: product.width) : .forward(width: product.width))
                largest = max(largest, product.width * max(samples.rows, samples.features))
            } else {
                steps.append(.gemm(gemms.count))
                gemms.append(GemmOperands(shape))
            }
        }
        var generator = SplitMix64(seed: 77)
        operand = FloatBuffer((0..<largest).map { _ in Float(generator.next() >> 40) / Float(1 << 24) - 0.5 })
        output = FloatBuffer(count: largest)
    }

    /// Runs every product once, in order. Allocates nothing.
    func run(backend: Backend) {
        for step in steps {
            switch step {
            case .gemm(let index):
                gemms[index].run(backend: backend)
            case .forward(let width):
                samples.timesTransposed(operand.constPointer, ldb: samples.features, n: width,
                                        into: output.pointer, ldz: width)
            case .gradient(let width):
                samples.transposedTimes(operand.constPointer, ldd: width, m: width,
                                        into: output.pointer, ldc: samples.features)
            }
        }
    }
}
