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

/// Runs `body` with ``SampleProducts/mode`` = `mode`, restoring the previous mode after.
package func withSampleProducts<R>(_ mode: SampleProducts, _ body: () -> R) -> R {
    let previous = SampleProducts.mode
    SampleProducts.mode = mode
    defer { SampleProducts.mode = previous }
    return body()
}
