import BilevelTestSupport
import Foundation
import Tensor
import Testing
@testable import Bilevel

/// The exact metrics: L-BFGS and CG against LinearSolve (LAPACKE in the default build) on a quadratic, and the explicit
/// hypergradients of the quadratic and regularization evaluators against central differences
/// of their own h(x) = f(x, y*(x)).
@Suite struct ExactMetricsTests {
    /// A random SPD 8×8 A (spectrum in ~[0.5, 5]) and b.
    static func spd() -> (a: [Double], b: [Double]) {
        var random = SeededRandom(seed: 21)
        let n = 8
        let m = (0..<(n * n)).map { _ in Double(random.nextFloat(in: -1...1)) }
        var a = DenseFloat64.multiply(m, DenseFloat64.transpose(m, m: n, n: n), m: n, k: n, n: n)
        for i in 0..<n { a[i * n + i] += 0.5 }
        return (a, (0..<n).map { _ in Double(random.nextFloat(in: -1...1)) })
    }

    static func lapackSolution(_ a: [Double], _ b: [Double]) throws -> [Double] {
        try LinearSolve.symmetricPositiveDefinite(Tensor(shape: [b.count, b.count], scalars: a.map(Float.init)),
                                                  Tensor(shape: [b.count], scalars: b.map(Float.init)))
            .scalars.map(Double.init)
    }

    static func apply(_ a: [Double], _ v: [Double], _ out: inout [Double]) {
        for i in 0..<v.count { out[i] = (0..<v.count).reduce(0.0) { $0 + a[i * v.count + $1] * v[$1] } }
    }

    @Test func lbfgsAndConjugateGradientMatchTheLAPACKESolve() throws {
        let (a, b) = Self.spd()
        let reference = try Self.lapackSolution(a, b)
        let cg = ConjugateGradient.solve({ Self.apply(a, $0, &$1) }, b, tolerance: 1e-12, maxIterations: 100)
        let minimum = LBFGS(tolerance: 1e-10).minimize({ x, gradient in
            Self.apply(a, x, &gradient)
            let value = 0.5 * zip(x, gradient).reduce(0.0) { $0 + $1.0 * $1.1 } - zip(b, x).reduce(0.0) { $0 + $1.0 * $1.1 }
            for k in 0..<b.count { gradient[k] -= b[k] }
            return value
        }, from: [Double](repeating: 0, count: b.count))
        #expect(minimum.converged && cg.relativeResidual < 1e-12)
        // LAPACKE solves in Float32: ~1e-6 relative on a system of condition ~30.
        for k in 0..<b.count {
            #expect(abs(cg.solution[k] - reference[k]) < 1e-5 * max(1, abs(reference[k])), "cg \(k)")
            #expect(abs(minimum.solution[k] - reference[k]) < 1e-5 * max(1, abs(reference[k])), "lbfgs \(k)")
            #expect(abs(minimum.solution[k] - cg.solution[k]) < 1e-8, "lbfgs vs cg \(k)")
        }
    }

    @Test func quadraticHypergradientMatchesDifferencesOfTheValueFunction() throws {
        let problem = try NewtonProblemTests.smallQuadratic(batchSize: 100)
        let evaluator = QuadraticEvaluator(problem: problem)
        var random = SeededRandom(seed: 22)
        let x = random.floats(count: 4, in: -1...1)
        let gradient = try evaluator.solution(x: x).hypergradient
        let h: Float = 1e-2  // h is quadratic in x: central differences are exact up to Float32 rounding
        for k in 0..<4 {
            var plus = x, minus = x
            plus[k] += h
            minus[k] -= h
            let value = { (point: [Float]) in evaluator.upperValue(x: point, y: try evaluator.solution(x: point).ystar) }
            let difference = (try value(plus) - value(minus)) / Double(2 * h)
            #expect(abs(difference - Double(gradient[k])) < 2e-3 * max(1, abs(difference)), "∂h/∂x[\(k)]")
        }
    }

    @Test func regularizationHypergradientMatchesDifferencesOfTheValueFunction() {
        var generator = SyntheticClassification(name: "t", features: 5, classes: 2, trainRows: 60, validationRows: 40)
        generator.seed = 6
        let evaluator = RegularizationEvaluator(data: generator.generate())
        let x = [-1.0, 0.3, -0.5, 0.0, -2.0]
        let gradient = evaluator.hypergradient(x: x, ystar: evaluator.lowerSolution(x: x).solution)
        let h = 1e-5
        for k in 0..<5 {
            var plus = x, minus = x
            plus[k] += h
            minus[k] -= h
            let value = { (p: [Double]) in
                RegularizationEvaluator.meanLoss(RegularizationEvaluator.margins(generator.generate().validation,
                                                                                 evaluator.lowerSolution(x: p).solution))
            }
            let difference = (value(plus) - value(minus)) / (2 * h)
            // y* to ‖∇g‖ ≤ 1e-10 makes h(x ± h) exact to ~1e-11, so the difference to ~1e-6
            // absolute; O(h²) truncation is far below that.
            #expect(abs(difference - gradient[k]) < 1e-3 * abs(difference) + 2e-6, "∂h/∂x[\(k)]")
        }
    }
}
