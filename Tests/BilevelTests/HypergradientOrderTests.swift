import Foundation
import Tensor
import Testing
@testable import Bilevel

/// The order of the hypergradient error in δ = ‖y_k − y*(x_k)‖ after one step with exact solves
/// (METHODS.md §2.7 "key fact"), on the quadratic and the logistic problem, full batch:
///
/// - plain (SOBA/AID-type, no Newton step): ∇_x f(x, y_k) − J(x, y_k)·H_k⁻¹∇_y f(x, y_k);
/// - NBO as reconstructed (shared curvature): y⁺ = y_k − H_k⁻¹∇_y g(x, y_k), u⁺ = H_k⁻¹∇_y f(x, y_k),
///   estimate ∇_x f(x, y⁺) − J(x, y⁺)·u⁺;
/// - Newton point, re-linearised: the same y⁺ but u⁺ = H(x, y⁺)⁻¹∇_y f(x, y⁺).
///
/// Solves are Float64 CG on the problems' Float32 Hessian products (relative residual 1e-9).
@Suite struct HypergradientOrderTests {
    struct Probe {
        let problem: any StochasticBilevelProblem
        let ystar: [Float]
        let truth: [Double]
        let x: [Float]

        /// H(x, at)⁻¹·b by CG on the frozen Hessian at (x, at).
        func solve(at y: [Float], _ b: [Float]) -> [Float] {
            let frozen = problem.frozenLowerHessian
            frozen.freezeLowerHessian(x: x, y: y)
            var product = [Float](repeating: 0, count: b.count)
            let result = ConjugateGradient.solve({ v, out in
                let single = v.map(Float.init)
                frozen.frozenLowerHessianTimes(single, columns: 1, batch: 0, into: &product)
                out = product.map(Double.init)
            }, b.map(Double.init), tolerance: 1e-9, maxIterations: 500)
            return result.solution.map(Float.init)
        }

        /// ∇_x f(x, y) − J(x, y)·u.
        func estimate(y: [Float], u: [Float]) -> [Double] {
            let (dx, dy) = (problem.outerDimension, problem.innerDimension)
            var fy = [Float](repeating: 0, count: dy), fx = [Float](repeating: 0, count: dx), ju = fx
            problem.upperGradients(batch: 0, x: x, y: y, gradientY: &fy, gradientX: &fx)
            problem.lowerCrossTimes(u, batch: 0, x: x, y: y, into: &ju)
            let upper = problem.upperXSupport(batch: 0)
            return (0..<dx).map { Double(upper.contains($0) ? fx[$0 - upper.lowerBound] : 0) - Double(ju[$0]) }
        }

        func gradients(_ y: [Float]) -> (g: [Float], f: [Float]) {
            let (dx, dy) = (problem.outerDimension, problem.innerDimension)
            var g = [Float](repeating: 0, count: dy), f = g, fx = [Float](repeating: 0, count: dx)
            problem.lowerGradientY(batch: 0, x: x, y: y, into: &g)
            problem.upperGradients(batch: 0, x: x, y: y, gradientY: &f, gradientX: &fx)
            return (g, f)
        }

        func error(_ estimate: [Double]) -> Double {
            zip(estimate, truth).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        }

        /// (plain, NBO, re-linearised) errors at y_k = y* + δ·direction.
        func errors(delta: Double, direction: [Double]) -> (plain: Double, nbo: Double, relinearised: Double) {
            let y = (0..<ystar.count).map { ystar[$0] + Float(delta * direction[$0]) }
            let (g, f) = gradients(y)
            let v = solve(at: y, g), u = solve(at: y, f)
            let newton = (0..<y.count).map { y[$0] - v[$0] }
            let uNewton = solve(at: newton, gradients(newton).f)
            return (error(estimate(y: y, u: u)), error(estimate(y: newton, u: u)), error(estimate(y: newton, u: uNewton)))
        }
    }

    /// Least-squares slope of log(error) against log(δ).
    static func slope(_ deltas: [Double], _ errors: [Double]) -> Double {
        let lx = deltas.map(log), ly = errors.map(log)
        let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
        return zip(lx, ly).reduce(0.0) { $0 + ($1.0 - mx) * ($1.1 - my) } / lx.reduce(0.0) { $0 + ($1 - mx) * ($1 - mx) }
    }

    static let deltas = [0.4, 0.2, 0.1, 0.05]

    static func quadraticProbe() throws -> Probe {
        let problem = try NewtonProblemTests.smallQuadratic(batchSize: 100)
        let x: [Float] = [0.3, -0.2, 0.5, 0.1]
        let exact = try QuadraticEvaluator(problem: problem).solution(x: x)
        return Probe(problem: problem, ystar: exact.ystar, truth: exact.hypergradient.map(Double.init), x: x)
    }

    static func logisticProbe() -> Probe {
        var generator = SyntheticClassification(name: "t", features: 5, classes: 2, trainRows: 200, validationRows: 100)
        generator.seed = 8
        let data = generator.generate()
        let problem = RegularizationSelectionProblem(data: data, batchSize: Int.max)
        let evaluator = RegularizationEvaluator(data: data)
        let x = [-1.0, -0.5, -2.0, 0.0, -1.5]
        let ystar = evaluator.lowerSolution(x: x).solution
        return Probe(problem: problem, ystar: ystar.map(Float.init), truth: evaluator.hypergradient(x: x, ystar: ystar),
                     x: x.map(Float.init))
    }

    static func measure(_ probe: Probe) -> (plain: Double, nbo: Double, relinearised: Double, errors: [(Double, Double, Double)]) {
        let direction = (0..<probe.ystar.count).map { k in Double(k % 2 == 0 ? 1 : -1) / Double(probe.ystar.count).squareRoot() }
        let errors = deltas.map { probe.errors(delta: $0, direction: direction) }
        return (slope(deltas, errors.map(\.plain)), slope(deltas, errors.map(\.nbo)), slope(deltas, errors.map(\.relinearised)),
                errors.map { ($0.plain, $0.nbo, $0.relinearised) })
    }

    /// Measured (see README): the claimed quadratic order holds for the re-linearised estimate
    /// (slope 1.81 on the logistic problem; exact up to Float32 rounding on the quadratic one,
    /// where Newton's step lands on y*), not for the shared-curvature estimate, whose error is
    /// linear (slopes 1.00 and 1.02): u⁺ = H_k⁻¹∇_y f(x, y_k) carries O(δ) errors from ∇_y f(y_k)
    /// and, for non-quadratic g, from H_k ≠ H(y*).
    @Test func logisticErrorOrders() {
        let result = Self.measure(Self.logisticProbe())
        #expect((0.8...1.3).contains(result.plain), "plain slope \(result.plain)")
        #expect((0.8...1.3).contains(result.nbo), "shared-curvature NBO slope \(result.nbo)")
        #expect((1.6...2.4).contains(result.relinearised), "re-linearised slope \(result.relinearised)")
    }

    @Test func quadraticErrorOrders() throws {
        let result = Self.measure(try Self.quadraticProbe())
        #expect((0.8...1.3).contains(result.plain), "plain slope \(result.plain)")
        #expect((0.8...1.3).contains(result.nbo), "shared-curvature NBO slope \(result.nbo)")
        for (plain, _, relinearised) in result.errors {
            // Exact Newton on a quadratic g: only Float32 rounding remains (≤ 4e-3 here, the truth
            // itself coming from Float32 LAPACKE solves), while the plain error is ≥ 0.17.
            #expect(relinearised < 1e-2 && plain > 0.1, "re-linearised error \(relinearised) vs plain \(plain)")
        }
    }
}
