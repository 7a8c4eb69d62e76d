import Tensor

/// A SAGA variance-reduced estimate of a batch-indexed quantity q (METHODS.md §2.2): a memory
/// table M[k] of the last value seen for every batch k and their weighted running mean A.
///
///     Δ = q_new − M[k],   direction = Δ + A (A before the update),   A += w_k·Δ,   M[k] = q_new
///
/// q of batch k lives on a support range of a `dimension`-long vector (all of it for y-space
/// quantities; the batch's own x coordinates for the sparse cross term), and only the support is
/// stored. Memory and mean start at 0 (benchopt's "zero" initialisation, the only one HEAD uses).
/// ``update(slot:values:weight:)`` rewrites the slot in place: O(dimension) work, no allocation.
final class SAGAEstimator {
    /// Length of the full vector (d_y or d_x).
    let dimension: Int
    /// The running mean A.
    let mean: FloatBuffer
    /// The last direction Δ + A_old over the full vector.
    let direction: FloatBuffer
    private let memory: FloatBuffer
    private let supports: [Range<Int>]
    private let offsets: [Int]

    /// Tables for one slot per entry of `supports` (each a range inside `0 ..< dimension`).
    init(dimension: Int, supports: [Range<Int>]) {
        precondition(supports.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= dimension },
                     "SAGA supports must lie in 0..<\(dimension)")
        self.dimension = dimension
        self.supports = supports
        var offsets: [Int] = []
        var total = 0
        for support in supports {
            offsets.append(total)
            total += support.count
        }
        self.offsets = offsets
        memory = FloatBuffer(count: total)
        mean = FloatBuffer(count: dimension)
        direction = FloatBuffer(count: dimension)
    }

    /// The stored value of slot `slot` (its support's entries).
    func stored(_ slot: Int) -> UnsafePointer<Float> { memory.constPointer + offsets[slot] }

    /// Records `values` (on the slot's support) for batch `slot` of weight w and writes the SAGA
    /// direction into ``direction``.
    func update(slot: Int, values: UnsafePointer<Float>, weight: Float) {
        direction.copy(from: mean)
        let support = supports[slot]
        let stored = memory.pointer + offsets[slot]
        let meanPart = mean.pointer + support.lowerBound
        let directionPart = direction.pointer + support.lowerBound
        for k in 0..<support.count {
            let delta = values[k] - stored[k]
            directionPart[k] += delta
            meanPart[k] += weight * delta
            stored[k] = values[k]
        }
    }
}
