import BilevelTestSupport
import Testing
@testable import Bilevel

/// Checks a ``StochasticBilevelProblem``'s oracles on one inner and one outer batch against
/// central differences: ∇_y g, ∇_x g, ∇_y f, ∇_x f against differences of independent Float64
/// values of g_B and f_B; ∇²_yy g·v and ∇²_xy g·v against differences of the gradients along v;
/// the frozen stacked products against the single-vector product at the frozen point.
struct ProblemOracleCheck {
    let problem: any StochasticBilevelProblem
    /// g_B(x, y) in Float64 for inner batch index, written from the formulas.
    let lowerValue: (_ batch: Int, _ x: [Double], _ y: [Double]) -> Double
    /// f_B(x, y) in Float64 for outer batch index.
    let upperValue: (_ batch: Int, _ x: [Double], _ y: [Double]) -> Double
    /// Relative tolerance (Float32 oracles against O(h²) differences; set per problem).
    let tolerance: Double

    static func expectClose(_ actual: [Float], _ expected: [Double], _ tolerance: Double, _ note: String) {
        let scale = max(1e-3, expected.map(abs).max() ?? 0)
        let worst = zip(actual, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst <= tolerance * scale, "\(note): worst error \(worst), scale \(scale)")
    }

    func difference(_ value: (_ x: [Double], _ y: [Double]) -> Double, x: [Double], y: [Double], inX: Bool, h: Double) -> [Double] {
        (0..<(inX ? x.count : y.count)).map { k in
            var plus = inX ? x : y, minus = plus
            plus[k] += h
            minus[k] -= h
            return inX ? (value(plus, y) - value(minus, y)) / (2 * h) : (value(x, plus) - value(x, minus)) / (2 * h)
        }
    }

    func run(x: [Float], y: [Float], v: [Float], v2: [Float], h: Double = 1e-4, hProduct: Float = 1e-2) {
        let (dx, dy) = (problem.outerDimension, problem.innerDimension)
        let xd = x.map(Double.init), yd = y.map(Double.init)
        let inner = problem.innerBatches.count - 1, outer = problem.outerBatches.count - 1  // last (partial) batches
        var gy = [Float](repeating: 0, count: dy), gx = [Float](repeating: 0, count: dx)
        var fy = [Float](repeating: 0, count: dy), fx = [Float](repeating: 0, count: dx)
        problem.lowerGradientY(batch: inner, x: x, y: y, into: &gy)
        problem.lowerGradientX(batch: inner, x: x, y: y, into: &gx)
        problem.upperGradients(batch: outer, x: x, y: y, gradientY: &fy, gradientX: &fx)
        let lower = { lowerValue(inner, $0, $1) }, upper = { upperValue(outer, $0, $1) }
        Self.expectClose(gy, difference(lower, x: xd, y: yd, inX: false, h: h), tolerance, "∇_y g")
        let lowerSupport = problem.lowerXSupport(batch: inner), upperSupport = problem.upperXSupport(batch: outer)
        Self.expectClose(Array(gx.prefix(lowerSupport.count)), Array(difference(lower, x: xd, y: yd, inX: true, h: h)[lowerSupport]),
                         tolerance, "∇_x g")
        Self.expectClose(fy, difference(upper, x: xd, y: yd, inX: false, h: h), tolerance, "∇_y f")
        Self.expectClose(Array(fx.prefix(upperSupport.count)), Array(difference(upper, x: xd, y: yd, inX: true, h: h)[upperSupport]),
                         tolerance, "∇_x f")

        // Products against differences of the Float32 gradients along v (step hProduct).
        let shifted = { (t: Float) in zip(y, v).map { $0 + t * $1 } }
        var plusY = [Float](repeating: 0, count: dy), minusY = plusY, plusX = [Float](repeating: 0, count: dx), minusX = plusX
        problem.lowerGradientY(batch: inner, x: x, y: shifted(hProduct), into: &plusY)
        problem.lowerGradientY(batch: inner, x: x, y: shifted(-hProduct), into: &minusY)
        problem.lowerGradientX(batch: inner, x: x, y: shifted(hProduct), into: &plusX)
        problem.lowerGradientX(batch: inner, x: x, y: shifted(-hProduct), into: &minusX)
        var hv = [Float](repeating: 0, count: dy), jv = [Float](repeating: 0, count: dx)
        problem.lowerHessianYYTimes(v, batch: inner, x: x, y: y, into: &hv)
        problem.lowerCrossTimes(v, batch: inner, x: x, y: y, into: &jv)
        Self.expectClose(hv, (0..<dy).map { Double(plusY[$0] - minusY[$0]) / Double(2 * hProduct) }, tolerance, "∇²_yy g·v")
        Self.expectClose(Array(jv.prefix(lowerSupport.count)),
                         (0..<lowerSupport.count).map { Double(plusX[$0] - minusX[$0]) / Double(2 * hProduct) }, tolerance, "∇²_xy g·v")

        // The fused call agrees with the separate ones.
        var fusedG = gy, fusedH = hv, fusedJ = jv
        problem.lowerGradientYAndProducts(batch: inner, x: x, y: y, direction: v, gradient: &fusedG, hessianTimes: &fusedH, crossTimes: &fusedJ)
        Self.expectClose(fusedH, hv.map(Double.init), 1e-6, "fused H·v")

        // Frozen, stacked products at (x, y), after products elsewhere have run: equal to H·v, H·v2.
        let frozen = problem.frozenLowerHessian
        frozen.freezeLowerHessian(x: x, y: y)
        problem.lowerHessianYYTimes(v, batch: inner, x: x.map { $0 + 0.5 }, y: shifted(1), into: &plusY)
        var hv2 = [Float](repeating: 0, count: dy), stacked = [Float](repeating: 0, count: 2 * dy)
        problem.lowerHessianYYTimes(v2, batch: inner, x: x, y: y, into: &hv2)
        frozen.frozenLowerHessianTimes(v + v2, columns: 2, batch: inner, into: &stacked)
        // Float32 products by different summation orders: a few ulps of the largest entry.
        Self.expectClose(Array(stacked[..<dy]), hv.map(Double.init), 1e-5, "frozen H·v")
        Self.expectClose(Array(stacked[dy...]), hv2.map(Double.init), 1e-5, "frozen H·v2")
    }
}
