import Tensor

/// Where the six blocks of the penalised problem live in one flat vector: `[u | w]` with
/// u = (x1, y1, y2) the minimising and w = (x2, z1, z2) the maximising blocks (METHODS.md §2.8).
///
/// Keeping u and w contiguous lets SAPD treat them as two plain vectors; each block is projected
/// onto its own set (z1 shares Y1 with y1, z2 shares Y2 with y2).
public struct PenaltyLayout: Sendable {
    /// The problem's block sizes.
    public let sizes: MinimaxBlockSizes
    /// The problem's block sets.
    public let sets: MinimaxBlockSets

    /// The layout of a problem with these sizes and sets.
    public init(sizes: MinimaxBlockSizes, sets: MinimaxBlockSets) {
        self.sizes = sizes
        self.sets = sets
    }

    /// Size of u = (x1, y1, y2).
    public var uCount: Int { sizes.x1 + sizes.y1 + sizes.y2 }
    /// Size of w = (x2, z1, z2).
    public var wCount: Int { sizes.x2 + sizes.y1 + sizes.y2 }
    /// Size of the whole vector.
    public var count: Int { uCount + wCount }
    /// Largest block (scratch size of the projections).
    public var largestBlock: Int { max(sizes.x1, sizes.x2, sizes.y1, sizes.y2, 1) }

    /// Offsets of the blocks in `[x1 y1 y2 | x2 z1 z2]`.
    public var x1: Int { 0 }
    /// Offset of y1.
    public var y1: Int { sizes.x1 }
    /// Offset of y2.
    public var y2: Int { sizes.x1 + sizes.y1 }
    /// Offset of x2 (the start of w).
    public var x2: Int { uCount }
    /// Offset of z1.
    public var z1: Int { uCount + sizes.x2 }
    /// Offset of z2.
    public var z2: Int { uCount + sizes.x2 + sizes.y1 }

    /// The blocks of u (`range` relative to the start of the vector) with their sets.
    var uBlocks: [(offset: Int, count: Int, set: ConstraintSet)] {
        [(x1, sizes.x1, sets.x1), (y1, sizes.y1, sets.y1), (y2, sizes.y2, sets.y2)]
    }
    /// The blocks of w with their sets.
    var wBlocks: [(offset: Int, count: Int, set: ConstraintSet)] {
        [(x2, sizes.x2, sets.x2), (z1, sizes.y1, sets.y1), (z2, sizes.y2, sets.y2)]
    }

    /// Projects the u part of `vector` (a full `[u | w]` vector) onto X1 × Y1 × Y2. Allocates nothing.
    public func projectU(_ vector: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        projectBlock(vector + x1, sizes.x1, sets.x1, scratch)
        projectBlock(vector + y1, sizes.y1, sets.y1, scratch)
        projectBlock(vector + y2, sizes.y2, sets.y2, scratch)
    }

    /// Projects the w part of `vector` onto X2 × Y1 × Y2. Allocates nothing.
    public func projectW(_ vector: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        projectBlock(vector + x2, sizes.x2, sets.x2, scratch)
        projectBlock(vector + z1, sizes.y1, sets.y1, scratch)
        projectBlock(vector + z2, sizes.y2, sets.y2, scratch)
    }

    private func projectBlock(_ v: UnsafeMutablePointer<Float>, _ count: Int, _ set: ConstraintSet,
                              _ scratch: UnsafeMutablePointer<Float>) {
        set.project(v, count: count, scratch: scratch)
    }

    /// A vector at the problem's initial point (z1 = y1, z2 = y2), projected onto the sets.
    public func initialVector(_ start: MinimaxInitialPoint) -> FloatBuffer {
        precondition(start.x1.count == sizes.x1 && start.x2.count == sizes.x2
                     && start.y1.count == sizes.y1 && start.y2.count == sizes.y2, "initial point does not match the block sizes")
        let vector = FloatBuffer(count: count)
        for (offset, values) in [(x1, start.x1), (y1, start.y1), (y2, start.y2), (x2, start.x2), (z1, start.y1), (z2, start.y2)] {
            for (k, value) in values.enumerated() { vector.pointer[offset + k] = value }
        }
        let scratch = FloatBuffer(count: largestBlock)
        projectU(vector.pointer, scratch: scratch.pointer)
        projectW(vector.pointer, scratch: scratch.pointer)
        return vector
    }

    /// The upper-level point (x1, x2, y1, y2) inside a `[u | w]` vector.
    public func upperPoint(_ vector: UnsafePointer<Float>) -> MinimaxUpperPoint {
        MinimaxUpperPoint(x1: vector + x1, x2: vector + x2, y1: vector + y1, y2: vector + y2)
    }
}
