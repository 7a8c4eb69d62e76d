import BilevelTestSupport
@testable import Bilevel

/// A small strongly convex quadratic bilevel problem with minibatch oracles and a closed-form
/// solution (METHODS.md §1.2 "Quadratic", with f = ½‖y − t_j‖² + ½μ‖x‖²):
///
///     g_i = ½ yᵀA_i y + xᵀC_i y,   f_j = ½‖y − t_j‖² + ½μ‖x‖²
///     y*(x) = −Ā⁻¹C̄ᵀx =: M·x,      x* solves (MᵀM + μI)·x = Mᵀ·t̄
final class QuadraticStochasticProblem: StochasticBilevelProblem {
    static let dy = 3
    static let dx = 2
    let a: [[Double]]  // n matrices 3×3, row-major
    let c: [[Double]]  // n matrices 2×3
    let t: [[Double]]  // m vectors
    let mu = 0.1
    let innerBatches: BatchPartition
    let outerBatches: BatchPartition
    var outerDimension: Int { Self.dx }
    var innerDimension: Int { Self.dy }
    var initialX: [Float] = [0.8, -0.6]
    var initialY: [Float] = [0.1, 0.2, -0.3]

    init(batchSize: Int, inner n: Int = 8, outer m: Int = 6, seed: UInt64 = 5) {
        var random = SeededRandom(seed: seed)
        a = (0..<n).map { _ in
            var matrix = [Double](repeating: 0, count: 9)
            for r in 0..<3 {
                matrix[r * 3 + r] = 2 + random.uniform(0, 0.5)
                for col in (r + 1)..<3 {
                    let value = random.uniform(-0.3, 0.3)
                    matrix[r * 3 + col] = value
                    matrix[col * 3 + r] = value
                }
            }
            return matrix
        }
        c = (0..<n).map { _ in (0..<6).map { _ in random.uniform(-1, 1) } }
        t = (0..<m).map { _ in (0..<3).map { _ in random.uniform(-1, 1) } }
        innerBatches = BatchPartition(sampleCount: n, batchSize: min(batchSize, n))
        outerBatches = BatchPartition(sampleCount: m, batchSize: min(batchSize, m))
    }

    func mean(_ rows: [[Double]], _ range: Range<Int>) -> [Double] {
        (0..<rows[0].count).map { k in range.reduce(0.0) { $0 + rows[$1][k] } / Double(range.count) }
    }

    func lowerXSupport(batch: Int) -> Range<Int> { 0..<Self.dx }
    func upperXSupport(batch: Int) -> Range<Int> { 0..<Self.dx }

    func lowerGradientY(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                        into gradient: UnsafeMutablePointer<Float>) {
        let range = innerBatches.range(batch)
        let abar = mean(a, range), cbar = mean(c, range)
        for r in 0..<3 {
            var value = 0.0
            for k in 0..<3 { value += abar[r * 3 + k] * Double(y[k]) }
            for k in 0..<2 { value += cbar[k * 3 + r] * Double(x[k]) }
            gradient[r] = Float(value)
        }
    }

    func lowerGradientYAndProducts(
        batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>, direction v: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>, hessianTimes: UnsafeMutablePointer<Float>,
        crossTimes: UnsafeMutablePointer<Float>
    ) {
        lowerGradientY(batch: batch, x: x, y: y, into: gradient)
        lowerHessianYYTimes(v, batch: batch, x: x, y: y, into: hessianTimes)
        lowerCrossTimes(v, batch: batch, x: x, y: y, into: crossTimes)
    }

    func lowerHessianYYTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                             y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let abar = mean(a, innerBatches.range(batch))
        for r in 0..<3 { output[r] = Float((0..<3).reduce(0.0) { $0 + abar[r * 3 + $1] * Double(v[$1]) }) }
    }

    func lowerCrossTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                         y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let cbar = mean(c, innerBatches.range(batch))
        for r in 0..<2 { output[r] = Float((0..<3).reduce(0.0) { $0 + cbar[r * 3 + $1] * Double(v[$1]) }) }
    }

    func lowerGradientX(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                        into gradient: UnsafeMutablePointer<Float>) {
        lowerCrossTimes(y, batch: batch, x: x, y: y, into: gradient)
    }

    func upperGradients(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                        gradientY: UnsafeMutablePointer<Float>, gradientX: UnsafeMutablePointer<Float>) {
        let tbar = mean(t, outerBatches.range(batch))
        for r in 0..<3 { gradientY[r] = y[r] - Float(tbar[r]) }
        for r in 0..<2 { gradientX[r] = Float(mu) * x[r] }
    }

    /// (x*, y*(x*)) in Float64 by Cramer's rule on the full means.
    var solution: (x: [Double], y: [Double]) {
        let all = 0..<a.count
        let abar = mean(a, all), cbar = mean(c, all), tbar = mean(t, 0..<t.count)
        let inverse = Self.inverse3(abar)
        // M = −Ā⁻¹C̄ᵀ (3×2).
        var m = [Double](repeating: 0, count: 6)
        for r in 0..<3 {
            for k in 0..<2 { m[r * 2 + k] = -(0..<3).reduce(0.0) { $0 + inverse[r * 3 + $1] * cbar[k * 3 + $1] } }
        }
        var lhs = [Double](repeating: 0, count: 4)
        var rhs = [Double](repeating: 0, count: 2)
        for p in 0..<2 {
            for q in 0..<2 { lhs[p * 2 + q] = (0..<3).reduce(p == q ? mu : 0) { $0 + m[$1 * 2 + p] * m[$1 * 2 + q] } }
            rhs[p] = (0..<3).reduce(0.0) { $0 + m[$1 * 2 + p] * tbar[$1] }
        }
        let det = lhs[0] * lhs[3] - lhs[1] * lhs[2]
        let x = [(rhs[0] * lhs[3] - lhs[1] * rhs[1]) / det, (lhs[0] * rhs[1] - lhs[2] * rhs[0]) / det]
        let y = (0..<3).map { r in m[r * 2] * x[0] + m[r * 2 + 1] * x[1] }
        return (x, y)
    }

    /// F2SA's fixed point for a constant penalty λ: μx + λ·C̄·(y_λ(x) − z*(x)) = 0 with
    /// y_λ = (I + λĀ)⁻¹(t̄ − λC̄ᵀx) = argmin f + λg and z* = −Ā⁻¹C̄ᵀx.
    func penalisedSolution(lambda: Double) -> [Double] {
        let all = 0..<a.count
        let abar = mean(a, all), cbar = mean(c, all), tbar = mean(t, 0..<t.count)
        let penalised = Self.inverse3((0..<9).map { ($0 % 4 == 0 ? 1 : 0) + lambda * abar[$0] })
        let inverse = Self.inverse3(abar)
        // D(x) = K·x − b with K = μI + λC̄(−λPC̄ᵀ + Ā⁻¹C̄ᵀ), b = −λC̄Pt̄, P = (I + λĀ)⁻¹.
        func product(_ left: [Double], _ right: [Double], _ n: Int, _ inner: Int, _ m: Int) -> [Double] {
            (0..<(n * m)).map { index in (0..<inner).reduce(0.0) { $0 + left[index / m * inner + $1] * right[$1 * m + index % m] } }
        }
        let ct = (0..<6).map { cbar[($0 % 2) * 3 + $0 / 2] }  // C̄ᵀ, 3×2
        let inner = zip(product(penalised, ct, 3, 3, 2), product(inverse, ct, 3, 3, 2)).map { -lambda * $0 + $1 }
        let k = product(cbar, inner, 2, 3, 2).enumerated().map { ($0.offset % 3 == 0 ? mu : 0) + lambda * $0.element }
        let b = product(cbar, product(penalised, tbar, 3, 3, 1), 2, 3, 1).map { -lambda * $0 }
        let det = k[0] * k[3] - k[1] * k[2]
        return [(b[0] * k[3] - k[1] * b[1]) / det, (k[0] * b[1] - k[2] * b[0]) / det]
    }

    static func inverse3(_ m: [Double]) -> [Double] {
        let cofactor = { (r: Int, c: Int) -> Double in
            let rows = (0..<3).filter { $0 != r }, cols = (0..<3).filter { $0 != c }
            let minor = m[rows[0] * 3 + cols[0]] * m[rows[1] * 3 + cols[1]] - m[rows[0] * 3 + cols[1]] * m[rows[1] * 3 + cols[0]]
            return ((r + c) % 2 == 0 ? 1 : -1) * minor
        }
        let det = (0..<3).reduce(0.0) { $0 + m[$1] * cofactor(0, $1) }
        var inverse = [Double](repeating: 0, count: 9)
        for r in 0..<3 { for c in 0..<3 { inverse[r * 3 + c] = cofactor(c, r) / det } }
        return inverse
    }
}

extension SeededRandom {
    /// Uniform Double in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextUnitDouble() }
}
