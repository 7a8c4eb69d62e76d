import Tensor

/// Exact metrics of the quadratic problem (METHODS.md §3.4) through LAPACKE's Cholesky solve
/// (``LinearSolve``): y*(x) = −Ā⁻¹(ā + C̄ᵀx); with (d, e) = ∇f(x, y*) and v = −Ā⁻¹d,
/// ∇h(x) = e + C̄v. Columns: `value` = ‖∇h‖², `inner_distance` = ‖y* − y‖², `func` = f(x, y*)
/// on the full batch (benchopt evaluates it on the first sample only, a bug not copied).
public final class QuadraticEvaluator: ProblemEvaluator {
    private let problem: QuadraticProblem
    private let fullProblem: QuadraticProblem
    private let meanA: Tensor

    /// An evaluator of `problem`'s full means.
    public init(problem: QuadraticProblem) {
        self.problem = problem
        fullProblem = problem.rebatched(Int.max)
        meanA = Tensor(shape: [problem.innerDimension, problem.innerDimension], scalars: problem.lower.meanA.array)
    }

    /// y*(x) and ∇h(x) (Float32, from two Cholesky solves).
    public func solution(x: UnsafePointer<Float>) throws -> (ystar: [Float], hypergradient: [Float]) {
        let (dy, dx) = (problem.innerDimension, problem.outerDimension)
        var rhs = [Float](repeating: 0, count: dy)
        rhs.withUnsafeMutableBufferPointer { out in
            problem.lower.crossTransposeTimes(x, range: 0..<problem.lower.count, into: out.baseAddress!)
        }
        for k in 0..<dy { rhs[k] = -(rhs[k] + problem.lower.meanLinearY.pointer[k]) }
        let ystar = try LinearSolve.symmetricPositiveDefinite(meanA, Tensor(shape: [dy], scalars: rhs)).scalars
        var d = [Float](repeating: 0, count: dy), e = [Float](repeating: 0, count: dx)
        ystar.withUnsafeBufferPointer { y in
            fullProblem.upperGradients(batch: 0, x: x, y: y.baseAddress!, gradientY: &d, gradientX: &e)
        }
        let v = try LinearSolve.symmetricPositiveDefinite(meanA, Tensor(shape: [dy], scalars: d.map { -$0 })).scalars
        var cv = [Float](repeating: 0, count: dx)
        v.withUnsafeBufferPointer { problem.lower.crossTimes($0.baseAddress!, range: 0..<problem.lower.count, into: &cv) }
        return (ystar, (0..<dx).map { e[$0] + cv[$0] })
    }

    /// f(x, y) on the full batch, in Float64: ½yᵀF̄y + ½xᵀH̄x + xᵀK̄y + f̄·y + h̄·x.
    public func upperValue(x: UnsafePointer<Float>, y: [Float]) -> Double {
        let u = problem.upper, (dy, dx) = (u.dy, u.dx)
        var total = 0.0
        for i in 0..<dy {
            for j in 0..<dy { total += 0.5 * Double(y[i]) * Double(u.meanA.pointer[i * dy + j]) * Double(y[j]) }
            total += Double(u.meanLinearY.pointer[i]) * Double(y[i])
        }
        for i in 0..<dx {
            for j in 0..<dx { total += 0.5 * Double(x[i]) * Double(u.meanB.pointer[i * dx + j]) * Double(x[j]) }
            for j in 0..<dy { total += Double(x[i]) * Double(u.meanC.pointer[i * dy + j]) * Double(y[j]) }
            total += Double(u.meanLinearX.pointer[i]) * Double(x[i])
        }
        return total
    }

    public func objectiveMetrics(x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> [(key: String, value: Double)] {
        guard let exact = try? solution(x: x) else {
            return [("value", .nan), ("inner_distance", .nan), ("func", .nan)]
        }
        let square = { (v: [Float]) in v.reduce(0.0) { $0 + Double($1) * Double($1) } }
        return [("value", square(exact.hypergradient)),
                ("inner_distance", square((0..<exact.ystar.count).map { exact.ystar[$0] - y[$0] })),
                ("func", upperValue(x: x, y: exact.ystar))]
    }
}
