/// Exact Euclidean projections onto simple convex sets, in place on raw contiguous storage.
///
/// Each routine overwrites `v` (`count` elements) with argmin_{p ∈ C} ‖p − v‖. Norms and sums are
/// accumulated in Float64. Nothing allocates: the sort-based simplex projections take a caller's
/// `scratch` of `count` elements (it may not alias `v`). These are the proximal maps of the
/// indicator functions of the sets (METHODS.md §2.8) and are reused by every block of a
/// minimax bilevel problem.
public enum Projection {
    /// Box [lower, upper]ⁿ: clamps every element. Requires lower ≤ upper.
    public static func box(_ v: UnsafeMutablePointer<Float>, count: Int, lower: Float, upper: Float) {
        precondition(lower <= upper, "box: lower \(lower) > upper \(upper)")
        for i in 0..<count { v[i] = min(max(v[i], lower), upper) }
    }

    /// Euclidean ball {p : ‖p‖ ≤ radius} around 0: scales v by radius/‖v‖ when ‖v‖ > radius.
    public static func ball(_ v: UnsafeMutablePointer<Float>, count: Int, radius: Float) {
        precondition(radius >= 0, "ball: negative radius \(radius)")
        var squares = 0.0
        for i in 0..<count { squares += Double(v[i]) * Double(v[i]) }
        let norm = squares.squareRoot()
        guard norm > Double(radius) else { return }
        let factor = Float(Double(radius) / norm)
        for i in 0..<count { v[i] *= factor }
    }

    /// Halfspace {p : aᵀp ≤ b}: p = v − max(0, aᵀv − b)/‖a‖²·a. Requires a ≠ 0.
    public static func halfspace(
        _ v: UnsafeMutablePointer<Float>, count: Int, normal a: UnsafePointer<Float>, offset b: Float
    ) {
        var inner = 0.0
        var squares = 0.0
        for i in 0..<count {
            inner += Double(a[i]) * Double(v[i])
            squares += Double(a[i]) * Double(a[i])
        }
        precondition(squares > 0, "halfspace: zero normal")
        let excess = inner - Double(b)
        guard excess > 0 else { return }
        let factor = Float(excess / squares)
        for i in 0..<count { v[i] -= factor * a[i] }
    }

    /// Scaled simplex {p ≥ 0 : Σp = total}, total > 0 (Held–Wolfe–Crowder / Duchi et al. 2008):
    /// sort v descending into u, take the largest j with u_j − (Σ_{i≤j} u_i − total)/j > 0, shift by
    /// τ = (Σ_{i≤j} u_i − total)/j and clip at 0. O(n log n) (in-place heapsort of `scratch`).
    public static func simplex(
        _ v: UnsafeMutablePointer<Float>, count: Int, total: Float, scratch: UnsafeMutablePointer<Float>
    ) {
        precondition(total > 0 && count >= 1, "simplex: total \(total) must be > 0 and count \(count) ≥ 1")
        scratch.update(from: v, count: count)
        sortDescending(scratch, count: count)
        var prefix = 0.0
        var threshold = 0.0
        for j in 0..<count {
            prefix += Double(scratch[j])
            let candidate = (prefix - Double(total)) / Double(j + 1)
            // The condition holds for a prefix of j's; the last j where it holds fixes τ.
            if Double(scratch[j]) - candidate > 0 { threshold = candidate }
        }
        let tau = Float(threshold)
        for i in 0..<count { v[i] = max(v[i] - tau, 0) }
    }

    /// Capped simplex {p ≥ 0 : Σp ≤ cap}, cap ≥ 0: clip at 0; if the clipped sum exceeds the cap the
    /// sum constraint is active and the answer is the projection onto {p ≥ 0 : Σp = cap}.
    public static func cappedSimplex(
        _ v: UnsafeMutablePointer<Float>, count: Int, cap: Float, scratch: UnsafeMutablePointer<Float>
    ) {
        precondition(cap >= 0, "capped simplex: negative cap \(cap)")
        var clippedSum = 0.0
        for i in 0..<count { clippedSum += Double(max(v[i], 0)) }
        if clippedSum <= Double(cap) || cap == 0 {
            for i in 0..<count { v[i] = cap == 0 ? 0 : max(v[i], 0) }
            return
        }
        simplex(v, count: count, total: cap, scratch: scratch)
    }

    /// In-place heapsort into descending order (no allocation, unlike the standard library's
    /// merge-based `sort`).
    static func sortDescending(_ a: UnsafeMutablePointer<Float>, count: Int) {
        // A min-heap whose minimum is swapped to the end leaves the array descending.
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end && a[child + 1] < a[child] { child += 1 }
                guard a[child] < a[root] else { return }
                a.swapAt(root, child)
                root = child
            }
        }
        guard count > 1 else { return }
        for start in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(start, count) }
        for end in stride(from: count - 1, to: 0, by: -1) {
            a.swapAt(0, end)
            siftDown(0, end)
        }
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
