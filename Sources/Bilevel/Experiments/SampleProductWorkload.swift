import Tensor

/// A benchmark product that multiplies the sample matrix X (rows × features): the forward
/// X·Wᵀ (shape rows × features × width, `NT`) or the weight gradient Dᵀ·X (width × rows ×
/// features, `TN`). Other shapes are not sample products.
public struct SampleProductShape: Sendable, Hashable {
    /// Whether the product is the gradient Dᵀ·X (else the forward X·Wᵀ).
    public var isGradient: Bool
    /// Output width of the forward, rows of the gradient.
    public var width: Int

    /// The sample product `shape` describes for a matrix of `features` columns, or nil.
    public init?(_ shape: GemmShape, features: Int) {
        if shape.transA == .none && shape.transB == .transposed && shape.k == features {
            isGradient = false
            width = shape.n
        } else if shape.transA == .transposed && shape.transB == .none && shape.n == features {
            isGradient = true
            width = shape.m
        } else {
            return nil
        }
    }
}

/// The median seconds of one sample product `shape` on `samples` through its sparse kernels
/// (``LabeledSamples/timesTransposed(_:ldb:n:into:ldz:)`` or
/// ``LabeledSamples/transposedTimes(_:ldd:m:beta:into:ldc:)``), with `threads` threads.
/// Operands are seeded random values; allocates them once, outside the timing.
public func measureSampleProduct(
    _ shape: GemmShape, samples: LabeledSamples, backend: Backend, threads: Int, repetitions: Int,
    warmUp: Int
) -> Double {
    guard let product = SampleProductShape(shape, features: samples.features) else {
        preconditionFailure("measureSampleProduct: \(shape) is not a product with the sample matrix")
    }
    var generator = SplitMix64(seed: 77)
    let operandCount = product.isGradient ? samples.rows * product.width : product.width * samples.features
    let operand = FloatBuffer((0..<operandCount).map { _ in Float(generator.next() >> 40) / Float(1 << 24) - 0.5 })
    let output = FloatBuffer(count: product.isGradient ? product.width * samples.features : samples.rows * product.width)
    let run = {
        if product.isGradient {
            samples.transposedTimes(operand.constPointer, ldd: product.width, m: product.width,
                                    into: output.pointer, ldc: samples.features)
        } else {
            samples.timesTransposed(operand.constPointer, ldb: samples.features, n: product.width,
                                    into: output.pointer, ldz: product.width)
        }
    }
    return withSampleProducts(.sparse) {
        withBackend(backend, threads: threads) {
            for _ in 0..<warmUp { run() }
            return medianSeconds(of: repetitions, run)
        }
    }
}

/// Runs `body` with ``SampleProducts/mode`` = `mode`, restoring the previous mode after.
package func withSampleProducts<R>(_ mode: SampleProducts, _ body: () -> R) -> R {
    let previous = SampleProducts.mode
    SampleProducts.mode = mode
    defer { SampleProducts.mode = previous }
    return body()
}
