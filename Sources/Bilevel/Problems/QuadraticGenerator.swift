#if canImport(Glibc)
    import Glibc
#endif
import Tensor

/// benchopt's quadratic-problem generator (`benchmark_utils/gen_matrices.py`, `datasets/
/// simulated.py`; METHODS.md §3.4) with its convexity acceptance test.
///
/// Per level: A = U·diag(logspace(log₁₀μ/2, log₁₀L_in/2, d_y))·Uᵀ, rows α_i = z_i·A (so E A_i =
/// A², spectrum in [μ, L_in]); B the same on d_x with L_out and a zero first entry; C_i =
/// (P·e_iᵀ)(e_i·Vhᵀ) with P = U'·D (D: logspace(log₁₀μ, log₁₀L_cross) on the diagonal) and
/// Gaussian e_i; Gaussian linear terms. Orthogonal factors are Haar (QR of a Gaussian) instead of
/// benchopt's SVD factors: same spectra and law of A, B, E[C]. A draw is accepted when
/// h is convex: with Jz = −Ā⁻¹C̄ᵀ, Hess = Jzᵀ F̄ Jz + H̄ + ½(K̄Jz + (K̄Jz)ᵀ) (benchopt's ½) must
/// have λ_min ≥ 1e-12; a rejected draw is redrawn with a fresh seed (seed + try, up to 20
/// tries) — benchopt re-splits the same key, so its retries repeat the rejected draw.
public struct QuadraticGenerator: Sendable {
    /// Inner (g) and outer (f) samples n, m.
    public var innerSamples = 1024, outerSamples = 1024
    /// d_y, d_x.
    public var innerDimension = 100, outerDimension = 100
    /// μ (all blocks).
    public var mu: Double = 0.1
    /// (L_in, L_out, L_cross) of g and of f.
    public var lowerSmoothness: (Double, Double, Double) = (1, 1, 0.1)
    public var upperSmoothness: (Double, Double, Double) = (1, 1, 0.1)
    /// The first try's seed.
    public var seed: UInt32 = 2442

    /// benchopt's defaults.
    public init() {}

    /// The accepted draw, the seed it came from and how many draws were rejected.
    ///
    /// - Throws: ``QuadraticGeneratorError`` after 20 rejected draws.
    func generate(maxBatch: Int) throws -> (lower: QuadraticSamples, upper: QuadraticSamples, seed: UInt32, rejected: Int) {
        for attempt in 0..<20 {
            let trySeed = seed &+ UInt32(attempt)
            var gauss = GaussianSampler(seed: trySeed)
            let lower = draw(innerSamples, lowerSmoothness, &gauss, maxBatch: maxBatch)
            let upper = draw(outerSamples, upperSmoothness, &gauss, maxBatch: maxBatch)
            if Self.valueFunctionIsConvex(lower: lower, upper: upper) { return (lower, upper, trySeed, attempt) }
        }
        throw QuadraticGeneratorError.notConvex(seed: seed, tries: 20)
    }

    private func logspace(_ from: Double, _ to: Double, _ count: Int) -> [Double] {
        count == 1 ? [pow(10, from)] : (0..<count).map { pow(10, from + (to - from) * Double($0) / Double(count - 1)) }
    }

    /// U·diag(s)·Uᵀ with a Haar U.
    private func symmetric(_ spectrum: [Double], _ gauss: inout GaussianSampler) -> [Double] {
        let n = spectrum.count, u = DenseFloat64.randomOrthogonal(n, &gauss)
        let scaled = (0..<(n * n)).map { u[$0] * spectrum[$0 % n] }
        return DenseFloat64.multiply(scaled, DenseFloat64.transpose(u, m: n, n: n), m: n, k: n, n: n)
    }

    /// `rows` Gaussian rows times M (k×n): rows × n, as Float32.
    private func gaussianRows(_ rows: Int, times m: [Double], k: Int, n: Int, _ gauss: inout GaussianSampler) -> [Float] {
        let z = (0..<(rows * k)).map { _ in gauss.next() }
        return DenseFloat64.multiply(z, m, m: rows, k: k, n: n).map(Float.init)
    }

    private func draw(_ n: Int, _ smoothness: (Double, Double, Double), _ gauss: inout GaussianSampler, maxBatch: Int) -> QuadraticSamples {
        let (dy, dx) = (innerDimension, outerDimension)
        let a = symmetric(logspace(log10(mu) / 2, log10(smoothness.0) / 2, dy), &gauss)
        var outerSpectrum = logspace(log10(mu) / 2, log10(smoothness.1) / 2, dx)
        outerSpectrum[0] = 0
        let b = symmetric(outerSpectrum, &gauss)
        let u = DenseFloat64.randomOrthogonal(dx, &gauss), vh = DenseFloat64.randomOrthogonal(dy, &gauss)
        let diagonal = logspace(log10(mu), log10(smoothness.2), min(dx, dy))
        var p = [Double](repeating: 0, count: dx * dy)  // U·D
        for i in 0..<dx { for j in 0..<min(dx, dy) { p[i * dy + j] = u[i * dx + j] * diagonal[j] } }
        // One Gaussian e_i per sample feeds both cross factors: π_i = e_i·Pᵀ, κ_i = e_i·Vhᵀ.
        let e = (0..<(n * dy)).map { _ in gauss.next() }
        let pi = DenseFloat64.multiply(e, DenseFloat64.transpose(p, m: dx, n: dy), m: n, k: dy, n: dx).map(Float.init)
        let kappa = DenseFloat64.multiply(e, DenseFloat64.transpose(vh, m: dy, n: dy), m: n, k: dy, n: dy).map(Float.init)
        return QuadraticSamples(
            count: n, dy: dy, dx: dx, alpha: gaussianRows(n, times: a, k: dy, n: dy, &gauss),
            beta: gaussianRows(n, times: b, k: dx, n: dx, &gauss), pi: pi, kappa: kappa,
            linearY: (0..<(n * dy)).map { _ in Float(gauss.next()) }, linearX: (0..<(n * dx)).map { _ in Float(gauss.next()) },
            maxBatch: maxBatch)
    }

    /// benchopt's test: λ_min(Jzᵀ F̄ Jz + H̄ + ½(K̄Jz + (K̄Jz)ᵀ)) ≥ 1e-12, in Float64.
    static func valueFunctionIsConvex(lower: QuadraticSamples, upper: QuadraticSamples) -> Bool {
        let (dy, dx) = (lower.dy, lower.dx)
        let double = { (b: FloatBuffer) in b.array.map(Double.init) }
        guard let factor = DenseFloat64.cholesky(double(lower.meanA), n: dy) else { return false }
        let jz = DenseFloat64.solve(cholesky: factor, DenseFloat64.transpose(double(lower.meanC), m: dx, n: dy), n: dy, columns: dx)
            .map { -$0 }
        let fJz = DenseFloat64.multiply(double(upper.meanA), jz, m: dy, k: dy, n: dx)
        let curvature = DenseFloat64.multiply(DenseFloat64.transpose(jz, m: dy, n: dx), fJz, m: dx, k: dy, n: dx)
        let kJz = DenseFloat64.multiply(double(upper.meanC), jz, m: dx, k: dy, n: dx)
        let h = double(upper.meanB)
        var hessian = [Double](repeating: 0, count: dx * dx)
        for i in 0..<dx {
            for j in 0..<dx {
                let symmetricPart: Double = 0.5 * (kJz[i * dx + j] + kJz[j * dx + i])
                hessian[i * dx + j] = curvature[i * dx + j] + h[i * dx + j] + symmetricPart
            }
            hessian[i * dx + i] -= 1e-12
        }
        return DenseFloat64.cholesky(hessian, n: dx) != nil
    }
}

/// Why the quadratic generator gave up.
public enum QuadraticGeneratorError: Error, CustomStringConvertible, Equatable {
    /// Every try gave a non-convex value function.
    case notConvex(seed: UInt32, tries: Int)

    public var description: String {
        switch self {
        case .notConvex(let seed, let tries):
            return "quadratic generator: \(tries) draws from seed \(seed) on gave a non-convex value function; try another --problem-seed"
        }
    }
}
