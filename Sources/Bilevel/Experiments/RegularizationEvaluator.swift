#if canImport(Glibc)
    import Glibc
#endif

/// The metrics of regularization selection (METHODS.md §3.2), in Float64 on the problem's
/// samples: y*(x) by full-batch ``LBFGS`` from 0, then
///
/// - `value` = ‖∇h(x)‖² by the explicit formula ∇h = ∇_x f − ∇²_xy g·u = −exp(x)⊙y*⊙u with
///   H(x, y*)·u = ∇_y f(y*) solved by ``ConjugateGradient`` to 1e-10 (benchopt [B23]);
/// - `value_func` = h(x) = f(y*(x)); `inner_distance` = ‖y*(x) − y‖²; `norm_outer_var` = ‖x‖²;
///   `norm_regul` = ‖exp(x)‖².
///
/// Each evaluation costs one L-BFGS run and one CG solve over the train rows (allocates).
public final class RegularizationEvaluator: ProblemEvaluator {
    private let data: ClassificationData
    /// The L-BFGS settings for y*(x) (`tolerance` on ‖∇_y g‖).
    public let lbfgs: LBFGS
    /// CG's relative tolerance for the hypergradient system.
    public let cgTolerance: Double

    /// An evaluator of `data` (binary labels 0/1).
    public init(data: ClassificationData, lbfgs: LBFGS = LBFGS(), cgTolerance: Double = 1e-10) {
        self.data = data
        self.lbfgs = lbfgs
        self.cgTolerance = cgTolerance
    }

    /// The signed margins m_i = l_i·a_iᵀy of `samples` (l_i = ±1).
    static func margins(_ samples: LabeledSamples, _ y: [Double]) -> [Double] {
        let d = samples.features, a = samples.matrix
        return (0..<samples.rows).map { i in
            var margin = 0.0
            for k in 0..<d { margin += Double(a[i * d + k]) * y[k] }
            return samples.labels[i] == 1 ? margin : -margin
        }
    }

    /// The mean logistic loss (1/n) Σ log(1 + e^{−m_i}), without overflow for large |m|.
    static func meanLoss(_ margins: [Double]) -> Double {
        margins.reduce(0.0) { $0 + ($1 > 0 ? log1p(exp(-$1)) : -$1 + log1p(exp($1))) } / Double(margins.count)
    }

    /// gradient += −(1/n) Σ σ(−m_i)·l_i·a_i, the mean loss's gradient.
    static func addLossGradient(_ samples: LabeledSamples, _ margins: [Double], to gradient: inout [Double]) {
        let d = samples.features, a = samples.matrix, n = Double(samples.rows)
        for i in 0..<samples.rows {
            let slope = -(samples.labels[i] == 1 ? 1.0 : -1.0) / (1 + exp(margins[i])) / n
            for k in 0..<d { gradient[k] += slope * Double(a[i * d + k]) }
        }
    }

    /// y*(x) = argmin_y g(x, y) by L-BFGS from 0.
    public func lowerSolution(x: [Double]) -> LBFGS.Result {
        let e = x.map { exp($0) }
        return lbfgs.minimize({ y, gradient in
            for k in 0..<y.count { gradient[k] = e[k] * y[k] }
            let m = Self.margins(data.train, y)
            Self.addLossGradient(data.train, m, to: &gradient)
            return Self.meanLoss(m) + 0.5 * (0..<y.count).reduce(0.0) { $0 + e[$1] * y[$1] * y[$1] }
        }, from: [Double](repeating: 0, count: data.features))
    }

    /// ∇h(x) at the lower solution `ystar` (explicit formula, CG to ``cgTolerance``).
    public func hypergradient(x: [Double], ystar: [Double]) -> [Double] {
        let d = data.features, e = x.map { exp($0) }
        var fy = [Double](repeating: 0, count: d)
        Self.addLossGradient(data.validation, Self.margins(data.validation, ystar), to: &fy)
        // Curvature weights σ(−m)(1 − σ(−m))/n of the train loss at y*.
        let w = Self.margins(data.train, ystar).map { m -> Double in
            let q = 1 / (1 + exp(m))
            return q * (1 - q) / Double(data.train.rows)
        }
        let a = data.train.matrix
        let solve = ConjugateGradient.solve({ v, out in
            for k in 0..<d { out[k] = e[k] * v[k] }
            for i in 0..<w.count {
                var projection = 0.0
                for k in 0..<d { projection += Double(a[i * d + k]) * v[k] }
                projection *= w[i]
                for k in 0..<d { out[k] += projection * Double(a[i * d + k]) }
            }
        }, fy, tolerance: cgTolerance, maxIterations: 10 * d + 100)
        return (0..<d).map { -e[$0] * ystar[$0] * solve.solution[$0] }
    }

    public func objectiveMetrics(x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> [(key: String, value: Double)] {
        let d = data.features
        let xs = (0..<d).map { Double(x[$0]) }
        let ystar = lowerSolution(x: xs).solution
        let valueFunc = Self.meanLoss(Self.margins(data.validation, ystar))
        let gradient = hypergradient(x: xs, ystar: ystar)
        let square = { (v: [Double]) in v.reduce(0) { $0 + $1 * $1 } }
        return [("value", square(gradient)), ("value_func", valueFunc),
                ("inner_distance", square((0..<d).map { ystar[$0] - Double(y[$0]) })),
                ("norm_outer_var", square(xs)), ("norm_regul", square(xs.map { exp($0) }))]
    }
}
