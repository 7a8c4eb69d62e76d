import BilevelTestSupport
import Testing
import Tensor
@testable import Bilevel

/// Φ(u, w) = uᵀKw + bᵀu − cᵀw (bilinear coupling) with p = μ_u/2‖u‖², q = μ_w/2‖w‖²: the saddle
/// point solves Kw + b + μ_u u = 0, Kᵀu − c − μ_w w = 0.
final class BilinearSaddle: SaddleGradientOracle {
    let n = 3
    let k: [Float] = [1, 0.5, -0.3, 0.2, 1.2, 0.4, -0.6, 0.1, 0.9]
    let b: [Float] = [0.5, -1, 0.3]
    let c: [Float] = [0.2, 0.4, -0.7]
    var uCount: Int { n }
    var wCount: Int { n }
    var projectionScratchCount: Int { 1 }

    func gradient(at point: UnsafePointer<Float>, part: PenaltyFunction.Part, into gradient: UnsafeMutablePointer<Float>) {
        for i in 0..<n {
            var kw: Float = 0
            var ktu: Float = 0
            for j in 0..<n {
                kw += k[i * n + j] * point[n + j]
                ktu += k[j * n + i] * point[j]
            }
            if part != .w { gradient[i] = kw + b[i] }
            if part != .u { gradient[n + i] = ktu - c[i] }
        }
    }

    func projectU(_ vector: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {}
    func projectW(_ vector: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {}

    func saddle(muU: Double, muW: Double) -> [Double] {
        var m = [Double](repeating: 0, count: 36)
        for i in 0..<n {
            m[i * 6 + i] = muU
            m[(n + i) * 6 + n + i] = -muW
            for j in 0..<n {
                m[i * 6 + n + j] = Double(k[i * n + j])
                m[(n + i) * 6 + j] = Double(k[j * n + i])
            }
        }
        return DenseSolve.solve(m, b.map { -Double($0) } + c.map(Double.init)) ?? []
    }
}

@Suite struct SAPDTests {
    @Test func convergesLinearlyToTheSaddlePointOfAnSCSCQuadratic() {
        let oracle = BilinearSaddle()
        let (muU, muW): (Float, Float) = (0.5, 0.8)
        // ‖K‖ ≤ its Frobenius norm ≈ 2.0, so θ̄ from that bound is admissible.
        let frobenius = oracle.k.reduce(0) { $0 + Double($1 * $1) }.squareRoot()
        let theta = Float(SAPD.minimumTheta(coupling: frobenius, muU: Double(muU), muW: Double(muW)))
        let sapd = SAPD(oracle: oracle, theta: theta, muU: muU, muW: muW)
        let solution = oracle.saddle(muU: Double(muU), muW: Double(muW))
        let point = FloatBuffer(count: 6)
        let zero = FloatBuffer(count: 3)
        func distance() -> Double { (0..<6).reduce(0.0) { $0 + pow2(Double(point.pointer[$1]) - solution[$1]) }.squareRoot() }
        let start = distance()
        var errors: [Double] = []
        for _ in 0..<4 {
            sapd.run(40, point: point.pointer, primalAnchor: zero.constPointer, dualAnchor: zero.constPointer)
            errors.append(distance())
        }
        // Linear rate: every block of 40 steps shrinks the error by a similar factor well below 1,
        // until Float32 rounding (~1e-6) is reached.
        let ratio = errors[0] / start
        #expect(ratio < 0.2, "errors \(start) → \(errors)")
        #expect(errors[1] < errors[0] * ratio * 3 && errors[2] < errors[1] * ratio * 3 || errors[2] < 1e-5, "errors \(errors)")
        #expect(errors[3] < 1e-4, "errors \(errors)")
    }

    @Test func minimumThetaMatchesTheFormula() {
        // κ = 1: θ̄ = √2 − 1.
        #expect(abs(SAPD.minimumTheta(coupling: 2, muU: 4, muW: 1) - (2.0.squareRoot() - 1)) < 1e-12)
    }
}

func pow2(_ x: Double) -> Double { x * x }
