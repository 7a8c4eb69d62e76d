/// Limited-memory BFGS in Float64 for a smooth function given with its gradient (Nocedal &
/// Wright, Algorithm 7.4–7.5: two-loop recursion, memory m, initial scaling sᵀy/yᵀy), with a
/// backtracking Armijo line search (c₁ = 1e-4, halving from the unit step; near the minimum a
/// step within φ's rounding that shrinks ‖∇φ‖ is accepted too). Used for the exact
/// lower-level solution y*(x) of the regularization-selection metrics (METHODS.md §3.2).
public struct LBFGS: Sendable {
    /// Stop when ‖∇φ(w)‖ ≤ tolerance.
    public var tolerance: Double
    /// Iterations at most.
    public var maxIterations: Int
    /// Stored correction pairs m.
    public var memory: Int

    /// A minimiser; see the properties.
    public init(tolerance: Double = 1e-10, maxIterations: Int = 1000, memory: Int = 10) {
        precondition(tolerance > 0 && maxIterations >= 1 && memory >= 1, "bad L-BFGS settings")
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.memory = memory
    }

    /// The result of a minimisation.
    public struct Result: Sendable {
        /// The last iterate.
        public var solution: [Double]
        /// φ there.
        public var value: Double
        /// ‖∇φ‖ there.
        public var gradientNorm: Double
        /// Iterations run.
        public var iterations: Int
        /// Whether ‖∇φ‖ ≤ tolerance was reached.
        public var converged: Bool
    }

    /// Minimises φ from `start`.
    ///
    /// - Parameters:
    ///   - objective: returns φ(w) and writes ∇φ(w) into its second argument.
    ///   - start: the first iterate.
    public func minimize(_ objective: ([Double], inout [Double]) -> Double, from start: [Double]) -> Result {
        let n = start.count
        var w = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(w, &gradient)
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        var trial = w, trialGradient = gradient
        var iteration = 0
        while iteration < maxIterations {
            let norm = ConjugateGradient.dot(gradient, gradient).squareRoot()
            if norm <= tolerance { break }
            iteration += 1
            var direction = twoLoop(gradient, pairs).map { -$0 }
            var slope = ConjugateGradient.dot(direction, gradient)
            if !(slope < 0) {  // not a descent direction (numerical noise): restart from −∇φ
                pairs.removeAll()
                direction = gradient.map { -$0 }
                slope = -norm * norm
            }
            var step = pairs.isEmpty ? min(1, 1 / norm) : 1.0
            var trialValue = 0.0
            var accepted = false
            for _ in 0..<60 {
                for k in 0..<n { trial[k] = w[k] + step * direction[k] }
                trialValue = objective(trial, &trialGradient)
                if trialValue <= value + 1e-4 * step * slope { accepted = true; break }
                // Near the minimum the decrease drops below Float64's resolution of φ: accept a
                // step that keeps φ within rounding and shrinks the gradient (approximate Armijo,
                // as Hager–Zhang's approximate Wolfe conditions).
                if abs(trialValue - value) <= 1e-14 * max(1, abs(value))
                    && ConjugateGradient.dot(trialGradient, trialGradient) < norm * norm {
                    accepted = true
                    break
                }
                step /= 2
            }
            guard accepted else { break }  // no decrease representable in Float64
            let s = (0..<n).map { trial[$0] - w[$0] }, y = (0..<n).map { trialGradient[$0] - gradient[$0] }
            let sy = ConjugateGradient.dot(s, y)
            if sy > 1e-300 {
                pairs.append((s, y, 1 / sy))
                if pairs.count > memory { pairs.removeFirst() }
            }
            (w, gradient, value) = (trial, trialGradient, trialValue)
        }
        let norm = ConjugateGradient.dot(gradient, gradient).squareRoot()
        return Result(solution: w, value: value, gradientNorm: norm, iterations: iteration, converged: norm <= tolerance)
    }

    /// H_k·q by the two-loop recursion over the stored pairs (oldest first).
    private func twoLoop(_ q: [Double], _ pairs: [(s: [Double], y: [Double], rho: Double)]) -> [Double] {
        var q = q
        var alphas = [Double](repeating: 0, count: pairs.count)
        for i in stride(from: pairs.count - 1, through: 0, by: -1) {
            alphas[i] = pairs[i].rho * ConjugateGradient.dot(pairs[i].s, q)
            for k in 0..<q.count { q[k] -= alphas[i] * pairs[i].y[k] }
        }
        if let last = pairs.last {
            let scale = ConjugateGradient.dot(last.s, last.y) / ConjugateGradient.dot(last.y, last.y)
            for k in 0..<q.count { q[k] *= scale }
        }
        for i in 0..<pairs.count {
            let beta = pairs[i].rho * ConjugateGradient.dot(pairs[i].y, q)
            for k in 0..<q.count { q[k] += (alphas[i] - beta) * pairs[i].s[k] }
        }
        return q
    }
}
