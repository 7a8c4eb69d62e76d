/// Conjugate gradients in Float64 for a symmetric positive-definite operator A given by its
/// products (Hestenes–Stiefel), used where a system must be solved far below Float32 precision
/// (METHODS.md §3.2: the hypergradient system H·u = ∇_y f to 1e-10 for the `value` metric).
public enum ConjugateGradient {
    /// The result of a solve.
    public struct Result: Sendable {
        /// The approximate solution x.
        public var solution: [Double]
        /// Iterations run (products with A, plus one for the initial residual when x₀ ≠ 0).
        public var iterations: Int
        /// ‖b − A·x‖ / ‖b‖ at the end (0 when b = 0).
        public var relativeResidual: Double
    }

    /// Solves A·x = b from `start` (default 0) until ‖b − A·x‖ ≤ `tolerance`·‖b‖ or
    /// `maxIterations` products.
    ///
    /// - Parameters:
    ///   - apply: writes A·v into its second argument (same length as b).
    ///   - b: the right-hand side.
    ///   - tolerance: relative residual to reach.
    ///   - maxIterations: products with A at most.
    public static func solve(
        _ apply: ([Double], inout [Double]) -> Void, _ b: [Double], start: [Double]? = nil,
        tolerance: Double, maxIterations: Int
    ) -> Result {
        let n = b.count
        var x = start ?? [Double](repeating: 0, count: n)
        var r = b
        var product = [Double](repeating: 0, count: n)
        if start != nil {
            apply(x, &product)
            for k in 0..<n { r[k] -= product[k] }
        }
        let bNorm = dot(b, b).squareRoot()
        var rr = dot(r, r)
        var p = r
        var iterations = 0
        while rr.squareRoot() > tolerance * bNorm && iterations < maxIterations {
            apply(p, &product)
            iterations += 1
            let curvature = dot(p, product)
            guard curvature > 0 else { break }
            let alpha = rr / curvature
            for k in 0..<n {
                x[k] += alpha * p[k]
                r[k] -= alpha * product[k]
            }
            let next = dot(r, r)
            let beta = next / rr
            for k in 0..<n { p[k] = r[k] + beta * p[k] }
            rr = next
        }
        return Result(solution: x, iterations: iterations, relativeResidual: bNorm == 0 ? 0 : rr.squareRoot() / bNorm)
    }

    /// Σ a[k]·b[k].
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for k in 0..<a.count { sum += a[k] * b[k] }
        return sum
    }
}
