/// A fixed-size, heap-allocated Float32 buffer with a stable address, freed on deinit.
///
/// Workspaces of the numeric kernels hold their scratch memory in these so that hot loops can
/// pass raw pointers around without `withUnsafe…` closures and without any allocation.
/// Not thread-safe; a workspace belongs to one method instance.
public final class FloatBuffer {
    /// First element; valid for `count` elements until the buffer is deinitialised.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of elements.
    public let count: Int

    /// A zero-filled buffer of `count` elements.
    public init(count: Int) {
        precondition(count >= 0, "negative buffer size \(count)")
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// A buffer holding a copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.update(from: base, count: values.count) }
        }
    }

    deinit { pointer.deallocate() }

    /// Read-only view of the elements.
    public var constPointer: UnsafePointer<Float> { UnsafePointer(pointer) }

    /// A copy of the elements as an array (allocates).
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// The elements as a read-only buffer pointer (valid while the buffer lives).
    public var elements: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: pointer, count: count) }

    /// ‖self‖² accumulated in Float64.
    public var sumOfSquares: Double { Reduction.sum(elements, squared: true) }

    /// Whether every element is finite.
    public var allFinite: Bool { Reduction.allFinite(elements) }

    /// Sets every element to `value`.
    public func fill(_ value: Float) { pointer.update(repeating: value, count: count) }

    /// Copies all elements from `other`, which must have the same count.
    public func copy(from other: FloatBuffer) {
        precondition(other.count == count, "copy: \(other.count) elements into \(count)")
        pointer.update(from: other.pointer, count: count)
    }
}
