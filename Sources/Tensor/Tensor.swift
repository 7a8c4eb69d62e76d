/// A dense Float32 array, row-major and contiguous, with value semantics.
///
/// Storage is a Swift array, so copies are copy-on-write: a hot loop that mutates a uniquely
/// referenced tensor through ``withUnsafeMutableBufferPointer(_:)`` allocates nothing.
public struct Tensor: Sendable, Equatable {
    /// Extent of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor that takes ownership of `scalars`, which must hold `shape.reduce(1, *)` elements.
    public init(shape: [Int], scalars: [Float]) {
        precondition(
            scalars.count == shape.reduce(1, *),
            "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Number of elements.
    public var count: Int { scalars.count }
    /// Rows of a matrix (first dimension).
    public var rows: Int { shape.first ?? 1 }
    /// Columns of a matrix (product of the remaining dimensions).
    public var columns: Int { shape.dropFirst().reduce(1, *) }

    /// Element of a matrix at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Float {
        get { scalars[row * columns + column] }
        set { scalars[row * columns + column] = newValue }
    }

    /// Reinterprets the elements with a new shape of the same size (no copy of the storage).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Calls `body` with the elements; the pointer must not escape.
    public func withUnsafeBufferPointer<R>(
        _ body: (UnsafeBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with mutable access to the elements; the pointer must not escape.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }
}
