import BilevelTestSupport
import Testing
import Tensor
@testable import Bilevel

/// ∇P_ρ (all six blocks) and every problem's block oracles against central differences.
@Suite struct PenaltyFunctionTests {
    static func closedFormProblems() -> [any MinimaxBilevelProblem] { [HalfspaceProjectionProblem(), BilinearBoxProblem()] }

    /// P_ρ's gradient on the closed-form problems: quadratic/bilinear, so central differences are
    /// exact up to Float32 rounding of values of size ~10 (1e-3 relative covers it).
    @Test(arguments: [0, 1])
    func penaltyGradientMatchesCentralDifferences(_ index: Int) {
        let problem = Self.closedFormProblems()[index]
        let penalty = PenaltyFunction(problem: problem, rho: 3)
        var random = SeededRandom(seed: 11)
        let point = FloatBuffer(random.floats(count: penalty.layout.count, in: -0.9...0.9))
        let gradient = FloatBuffer(count: penalty.layout.count)
        penalty.gradient(at: point.constPointer, into: gradient.pointer, evaluation: true)
        let all = Array(0..<penalty.layout.count)
        let error = MinimaxTestSupport.worstRelativeError(
            vector: point.pointer, coordinates: all, analytic: gradient.array, step: 0.05
        ) { penalty.value(at: point.constPointer).penalty }
        #expect(error < 1e-3, "worst relative error \(error)")
        // The u and w halves alone equal the full gradient's halves.
        let half = FloatBuffer(count: penalty.layout.count)
        penalty.gradient(at: point.constPointer, part: .u, into: half.pointer, evaluation: true)
        penalty.gradient(at: point.constPointer, part: .w, into: half.pointer, evaluation: true)
        #expect(half.array == gradient.array)
    }

    /// The MNIST problems' f and ft block gradients on a tiny synthetic set (CE in Float32: a step
    /// of 1e-2 keeps rounding ≈ 1e-5 and truncation ≈ 1e-5; 2e-3 relative leaves room, and a sign
    /// error gives O(1)).
    @Test(arguments: ["constrained-cleaning", "group-robust"])
    func cleaningBlockGradientsMatchCentralDifferences(_ name: String) throws {
        var settings = MinimaxProblemSettings()
        (settings.regularization, settings.seed, settings.radius) = (0.05, 3, 0.8)
        let problem = try MinimaxProblemRegistry.make(name, settings: settings) { MinimaxTestSupport.syntheticCleaningData(seed: 5) }
        let s = problem.sizes
        var random = SeededRandom(seed: 21)
        let x1 = FloatBuffer(random.floats(count: s.x1, in: -1...1))
        let x2 = FloatBuffer(random.floats(count: max(s.x2, 1), in: 0...0.2))
        let y1 = FloatBuffer(random.floats(count: s.y1, in: -0.05...0.05))
        let y2 = FloatBuffer(random.floats(count: max(s.y2, 1), in: 0...0.2))
        let point = MinimaxUpperPoint(x1: x1.constPointer, x2: x2.constPointer, y1: y1.constPointer, y2: y2.constPointer)
        let g = (x1: FloatBuffer(count: s.x1), x2: FloatBuffer(count: max(s.x2, 1)), y1: FloatBuffer(count: s.y1),
                 z2: FloatBuffer(count: max(s.y2, 1)))
        let sampleY = (0..<40).map { _ in random.nextInt(in: 0...(s.y1 - 1)) }
        let sampleX = Array(0..<s.x1)
        func upperValue() -> Double { problem.upper(point, gradients: MinimaxUpperGradients()) }
        func lowerValue() -> Double {
            problem.lower(x1: x1.constPointer, z1: y1.constPointer, z2: y2.constPointer, gradientX1: nil, gradientZ1: g.y1.pointer, gradientZ2: nil)
        }
        _ = problem.upper(point, gradients: MinimaxUpperGradients(x1: g.x1.pointer, x2: g.x2.pointer, y1: g.y1.pointer))
        let upperY = sampleY.map { g.y1.pointer[$0] }
        var errors = [MinimaxTestSupport.worstRelativeError(vector: y1.pointer, coordinates: sampleY, analytic: upperY, step: 1e-2, value: upperValue)]
        if s.x2 > 0 {
            errors.append(MinimaxTestSupport.worstRelativeError(vector: x2.pointer, coordinates: Array(0..<s.x2), analytic: g.x2.array, step: 1e-2, value: upperValue))
        }
        #expect(g.x1.array.allSatisfy { $0 == 0 }, "f does not depend on x1")
        _ = problem.lower(x1: x1.constPointer, z1: y1.constPointer, z2: y2.constPointer,
                          gradientX1: g.x1.pointer, gradientZ1: g.y1.pointer, gradientZ2: g.z2.pointer)
        let lowerY = sampleY.map { g.y1.pointer[$0] }
        let lowerX = g.x1.array
        let lowerZ2 = Array(g.z2.array.prefix(s.y2))
        errors.append(MinimaxTestSupport.worstRelativeError(vector: y1.pointer, coordinates: sampleY, analytic: lowerY, step: 1e-2, value: lowerValue))
        errors.append(MinimaxTestSupport.worstRelativeError(vector: x1.pointer, coordinates: sampleX, analytic: lowerX, step: 1e-2, value: lowerValue))
        errors.append(MinimaxTestSupport.worstRelativeError(vector: y2.pointer, coordinates: Array(0..<s.y2), analytic: lowerZ2, step: 1e-2, value: lowerValue))
        #expect(errors.allSatisfy { $0 < 2e-3 }, "worst relative errors per block: \(errors)")
    }
}
