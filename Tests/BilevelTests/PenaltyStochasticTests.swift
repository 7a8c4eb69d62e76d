import BilevelTestSupport
import Testing
import Tensor
@testable import Bilevel

/// The stochastic variant of `penalty_sapd` (one upper and one lower minibatch per gradient of
/// P_ρ) on small synthetic MNIST-shaped problems: 30 train rows in 3 batches of 10, 20 validation
/// rows in 2, labels i mod 10, so every batch holds each class once.
@Suite struct PenaltyStochasticTests {
    static let batchSize = 10

    static func problems(batchSize: Int) -> [any MinimaxBilevelProblem] {
        let data = MinimaxTestSupport.syntheticCleaningData(seed: 5)
        return [
            ConstrainedCleaningProblem(data: data, radius: 1, formulation: .dual, batchSize: batchSize, seed: 3),
            ConstrainedCleaningProblem(data: data, radius: 1, formulation: .projection, batchSize: batchSize, seed: 3),
            GroupRobustCleaningProblem(data: data, eta: 0.1, upperEta: 0.1, regularization: 0.01, batchSize: batchSize, seed: 3),
        ]
    }

    /// The initial point with random sample weights x1 and a perturbed model, so that every block
    /// of ∇P_ρ is non-zero.
    static func point(_ penalty: PenaltyFunction) -> FloatBuffer {
        let layout = penalty.layout
        let point = layout.initialVector(penalty.problem.initialPoint)
        var random = SeededRandom(seed: 11)
        for (i, value) in random.floats(count: layout.sizes.x1, in: -2...2).enumerated() { point.pointer[layout.x1 + i] = value }
        for (i, value) in random.floats(count: layout.sizes.y1, in: -0.01...0.01).enumerated() {
            point.pointer[layout.y1 + i] += value
            point.pointer[layout.z1 + i] -= value
        }
        return point
    }

    /// Averaged over every (upper, lower) batch pair, the minibatch gradient of P_ρ equals the
    /// full-batch gradient: the estimates are unbiased (each batch term is scaled by 1/|B|, each
    /// group mean by n/(|g||B|)), checked for all six blocks of all three MNIST problems.
    @Test(arguments: 0..<3)
    func minibatchGradientsAverageToTheFullGradient(_ index: Int) throws {
        let problem = Self.problems(batchSize: Self.batchSize)[index]
        let counts = problem.batchCounts
        #expect(counts.upper == 2 && counts.lower == 3)
        let penalty = PenaltyFunction(problem: problem, rho: 3)
        let point = Self.point(penalty)
        let n = penalty.layout.count
        let full = FloatBuffer(count: n)
        penalty.gradient(at: point.constPointer, into: full.pointer, evaluation: true)
        let batch = FloatBuffer(count: n)
        var mean = [Double](repeating: 0, count: n)
        for upper in 0..<counts.upper {
            for lower in 0..<counts.lower {
                problem.selectBatches(upper: upper, lower: lower)
                penalty.gradient(at: point.constPointer, into: batch.pointer)
                for i in 0..<n { mean[i] += Double(batch.pointer[i]) / Double(counts.upper * counts.lower) }
            }
        }
        let scale = (0..<n).map { abs(Double(full.pointer[$0])) }.max() ?? 0
        #expect(scale > 1e-3)
        let worst = (0..<n).map { abs(mean[$0] - Double(full.pointer[$0])) }.max() ?? .infinity
        #expect(worst <= 1e-5 * max(1, scale), "\(problem.name): worst |mean − full| \(worst), scale \(scale)")
        // A single batch is not the full gradient (the check above would pass trivially otherwise).
        let first = (0..<n).map { abs(Double(batch.pointer[$0]) - Double(full.pointer[$0])) }.max() ?? 0
        #expect(first > 1e-3 * scale)
    }

    /// The stochastic run follows the deterministic one: after 300 SAPD steps from the same start
    /// its point is much closer to the deterministic point than that is to the start (it is not
    /// the same point, the batches differ), and it counts 6 oracle calls per step as the
    /// deterministic run does.
    @Test func stochasticRunFollowsTheDeterministicPath() throws {
        var parameters = PenaltySAPDParameters()
        (parameters.rho, parameters.lipschitz, parameters.theta, parameters.dualModulus) = (1, 10, 0.5, 10)
        let steps = 300
        func run(batchSize: Int) throws -> PenaltySAPD {
            var p = parameters
            p.batchSize = batchSize
            let method = try PenaltySAPD(problem: Self.problems(batchSize: batchSize)[0], parameters: p, seed: 7)
            for _ in 0..<steps { method.step() }
            return method
        }
        let deterministic = try run(batchSize: 0), stochastic = try run(batchSize: Self.batchSize)
        let start = deterministic.penalty.layout.initialVector(deterministic.penalty.problem.initialPoint)
        let reached = deterministic.point.array.map(Double.init)
        let travelled = StochasticSolverTests.distance(start, reached)
        let apart = StochasticSolverTests.distance(stochastic.point, reached)
        #expect(travelled > 1e-2)
        #expect(apart > 0 && apart < 0.2 * travelled, "apart \(apart), travelled \(travelled)")
        #expect(stochastic.penalty.oracleCalls == 6 * steps && deterministic.penalty.oracleCalls == 6 * steps)
    }
}
