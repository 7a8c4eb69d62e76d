import Tensor

/// A closed convex set with an exact projection: the feasible set of one block of a
/// ``MinimaxBilevelProblem`` (METHODS.md §2.8: sets are handled by exact proximal maps).
public enum ConstraintSet: Sendable, Equatable, CustomStringConvertible {
    /// The whole space.
    case unconstrained
    /// The box [lower, upper]ⁿ.
    case box(lower: Float, upper: Float)
    /// The Euclidean ball {‖p‖ ≤ radius} around 0.
    case ball(radius: Float)
    /// The scaled simplex {p ≥ 0, Σp = total}.
    case simplex(total: Float)
    /// The capped simplex {p ≥ 0, Σp ≤ cap} (multipliers of a constrained lower level).
    case cappedSimplex(cap: Float)
    /// The halfspace {aᵀp ≤ b} (a has the block's size).
    case halfspace(normal: [Float], offset: Float)

    public var description: String {
        switch self {
        case .unconstrained: return "R^n"
        case .box(let lower, let upper): return "box[\(lower), \(upper)]"
        case .ball(let radius): return "ball(\(radius))"
        case .simplex(let total): return "simplex(\(total))"
        case .cappedSimplex(let cap): return "capped_simplex(\(cap))"
        case .halfspace(_, let offset): return "halfspace(b=\(offset))"
        }
    }

    /// Checks that the set is non-empty and well formed for a block of `count` elements.
    ///
    /// - Throws: ``MinimaxProblemError/invalidSet(block:set:reason:)``.
    public func validate(block: String, count: Int) throws(MinimaxProblemError) {
        func fail(_ reason: String) -> MinimaxProblemError { .invalidSet(block: block, set: description, reason: reason) }
        switch self {
        case .unconstrained: return
        case .box(let lower, let upper):
            guard !lower.isNaN, !upper.isNaN else { throw fail("bounds must be numbers, not NaN") }
            guard lower <= upper else { throw fail("empty: lower bound above upper bound") }
        case .ball(let radius):
            guard radius.isFinite && radius >= 0 else { throw fail("radius must be finite and >= 0") }
        case .simplex(let total):
            guard count >= 1 else { throw fail("empty: a simplex needs at least one coordinate") }
            guard total.isFinite && total > 0 else { throw fail("total must be finite and > 0") }
        case .cappedSimplex(let cap):
            guard cap.isFinite && cap >= 0 else { throw fail("cap must be finite and >= 0") }
        case .halfspace(let normal, let offset):
            guard normal.count == count else { throw fail("normal has \(normal.count) entries, block has \(count)") }
            guard offset.isFinite, normal.allSatisfy(\.isFinite) else { throw fail("normal and offset must be finite") }
            guard normal.contains(where: { $0 != 0 }) else { throw fail("zero normal") }
        }
    }

    /// Whether `v` lies in the set up to `tolerance` (absolute, on each defining inequality).
    public func contains(_ v: UnsafePointer<Float>, count: Int, tolerance: Float = 1e-5) -> Bool {
        let values = UnsafeBufferPointer(start: v, count: count)
        switch self {
        case .unconstrained: return true
        case .box(let lower, let upper): return values.allSatisfy { $0 >= lower - tolerance && $0 <= upper + tolerance }
        case .ball(let radius): return Float(sumOfSquares(values).squareRoot()) <= radius + tolerance
        case .simplex(let total):
            return values.allSatisfy { $0 >= -tolerance } && abs(Float(sum(values)) - total) <= tolerance
        case .cappedSimplex(let cap): return values.allSatisfy { $0 >= -tolerance } && Float(sum(values)) <= cap + tolerance
        case .halfspace(let normal, let offset):
            var inner = 0.0
            for i in 0..<count { inner += Double(normal[i]) * Double(v[i]) }
            return Float(inner) <= offset + tolerance
        }
    }

    /// Diameter of the set (infinite for unbounded sets); D of METHODS.md §2.8.
    public func diameter(count: Int) -> Double {
        switch self {
        case .unconstrained, .halfspace: return count == 0 ? 0 : .infinity
        case .box(let lower, let upper): return Double(upper - lower) * Double(count).squareRoot()
        case .ball(let radius): return 2 * Double(radius)
        case .simplex(let total): return count <= 1 ? 0 : Double(total) * 2.0.squareRoot()
        case .cappedSimplex(let cap): return count == 0 ? 0 : Double(cap) * (count == 1 ? 1 : 2.0.squareRoot())
        }
    }

    /// Projects `v` (`count` elements) onto the set in place; `scratch` holds `count` elements for
    /// the sort-based simplex projections. Allocates nothing.
    public func project(_ v: UnsafeMutablePointer<Float>, count: Int, scratch: UnsafeMutablePointer<Float>) {
        guard count > 0 else { return }
        switch self {
        case .unconstrained: return
        case .box(let lower, let upper): Projection.box(v, count: count, lower: lower, upper: upper)
        case .ball(let radius): Projection.ball(v, count: count, radius: radius)
        case .simplex(let total): Projection.simplex(v, count: count, total: total, scratch: scratch)
        case .cappedSimplex(let cap): Projection.cappedSimplex(v, count: count, cap: cap, scratch: scratch)
        case .halfspace(let normal, let offset):
            normal.withUnsafeBufferPointer { Projection.halfspace(v, count: count, normal: $0.baseAddress!, offset: offset) }
        }
    }
}
