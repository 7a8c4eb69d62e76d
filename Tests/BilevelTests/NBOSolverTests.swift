import Foundation
import Tensor
import Testing
@testable import Bilevel

/// NBO-GD, NBO-CG and NSBO-SGD on ``QuadraticStochasticProblem``: one step against the exact
/// Newton step by hand, convergence to the closed-form solution, stacked products, parameter errors.
@Suite struct NBOSolverTests {
    typealias Full = StochasticSolverTests.FullBatch

    /// x_{k+1}, y_{k+1} of one NBO step with exact solves (METHODS.md §2.7), in Float64.
    static func exactNewtonStep(_ problem: QuadraticStochasticProblem, alpha: Double) -> (x: [Double], y: [Double]) {
        let full = Full(problem: problem)
        let x = problem.initialX.map(Double.init), y = problem.initialY.map(Double.init)
        let inverse = QuadraticStochasticProblem.inverse3(full.abar)
        let solve = { (b: [Double]) in (0..<3).map { r in (0..<3).reduce(0.0) { $0 + inverse[r * 3 + $1] * b[$1] } } }
        let v = solve(full.gradientY(x, y)), u = solve(full.upperY(y))
        let next = (0..<3).map { y[$0] - v[$0] }
        let c = full.cross(u), e = full.upperX(x)
        return ((0..<2).map { x[$0] - alpha * (e[$0] - c[$0]) }, next)
    }

    /// With T large the GD subsolver reaches the Newton direction and H⁻¹∇_y f: NBO-GD's step
    /// equals the exact NBO step; NBO-CG's (3 CG steps are exact in d_y = 3) too.
    @Test func largeTAndCGEqualTheExactNewtonStep() throws {
        let problem = QuadraticStochasticProblem(batchSize: 100)
        let expected = Self.exactNewtonStep(problem, alpha: 0.7)
        let gd = try NBOGD.configure(overrides: ["n_inner_steps": "400", "step_size": "0.3", "outer_step_size": "0.7"], seed: 1) {
            QuadraticStochasticProblem(batchSize: $0)
        }
        let cg = try NBOCG.configure(overrides: ["outer_step_size": "0.7", "tolerance": "1e-7"], seed: 1) {
            QuadraticStochasticProblem(batchSize: $0)
        }
        for solver in [gd.solver, cg.solver] {
            solver.step()
            StochasticSolverTests.expectClose(solver, x: expected.x, y: expected.y, "\(type(of: solver).name)")
        }
        // T = 1 is not the Newton step (the check can fail).
        let short = try NBOGD.configure(overrides: ["n_inner_steps": "1", "step_size": "0.3", "outer_step_size": "0.7"], seed: 1) {
            QuadraticStochasticProblem(batchSize: $0)
        }
        short.solver.step()
        #expect(abs(Double(short.solver.y.pointer[0]) - expected.y[0]) > 1e-3)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let overrides: [String: String]
        let iterations: Int
        var testDescription: String { "\(name) \(overrides)" }
    }

    /// Full batches (8 inner / 8 outer samples so NSBO-SGD's batch of 8 is the full set) converge
    /// linearly to the Float32 fixed point; 1e-4 leaves room for the remaining error.
    static let convergenceCases = [
        Case(name: "nbo_gd", overrides: ["step_size": "0.3", "outer_step_size": "0.5"], iterations: 400),
        Case(name: "nbo_gd", overrides: ["step_size": "0.3", "outer_step_size": "0.5", "n_inner_steps": "0"], iterations: 600),
        Case(name: "nbo_cg", overrides: ["outer_step_size": "0.5"], iterations: 300),
        Case(name: "nsbo_sgd", overrides: ["step_size": "0.3", "outer_ratio": "0.6", "batch_size": "8", "lower_gradient_batch_size": "8",
                                           "hessian_batch_size": "8", "upper_batch_size": "8", "cross_batch_size": "8",
                                           "warmup_steps": "5"], iterations: 400),
    ]

    @Test(arguments: convergenceCases)
    func convergesToTheExactSolution(_ testCase: Case) throws {
        let configured = try StochasticSolverRegistry.solver(named: testCase.name).configure(overrides: testCase.overrides, seed: 3) {
            QuadraticStochasticProblem(batchSize: $0, inner: 8, outer: 8)
        }
        let solution = QuadraticStochasticProblem(batchSize: 8, inner: 8, outer: 8).solution
        for _ in 0..<testCase.iterations { configured.solver.step() }
        #expect(StochasticSolverTests.distance(configured.solver.x, solution.x) < 1e-4)
        #expect(StochasticSolverTests.distance(configured.solver.y, solution.y) < 1e-4)
    }

    /// NSBO-SGD with minibatches (|B2| = 4 = 2 batches of 2) and constant steps gets close.
    @Test func nsboMinibatchesApproachTheSolution() throws {
        let configured = try NSBOSGD.configure(
            overrides: ["step_size": "0.2", "outer_ratio": "1", "batch_size": "2", "lower_gradient_batch_size": "4",
                        "hessian_batch_size": "2", "upper_batch_size": "2", "cross_batch_size": "2"], seed: 5
        ) { QuadraticStochasticProblem(batchSize: $0, inner: 8, outer: 8) }
        let solution = QuadraticStochasticProblem(batchSize: 8, inner: 8, outer: 8).solution
        let start = StochasticSolverTests.distance(configured.solver.x, solution.x)
        for _ in 0..<3000 { configured.solver.step() }
        #expect(StochasticSolverTests.distance(configured.solver.x, solution.x) < 0.2 * start)
    }

    static let errorCases = [
        StochasticSolverTests.ErrorCase(solver: "nbo_gd", overrides: ["n_inner_steps": "-1"], message: "n_inner_steps = -1 is out of range: must be >= 0"),
        StochasticSolverTests.ErrorCase(solver: "nbo_gd", overrides: ["step_size": "0"], message: "step_size = 0.0 is out of range: must be > 0"),
        StochasticSolverTests.ErrorCase(solver: "nbo_gd", overrides: ["outer_step_size": "-1"], message: "outer_step_size = -1.0 is out of range: must be > 0"),
        StochasticSolverTests.ErrorCase(solver: "nbo_gd", overrides: ["batch_size": "4"],
                                        message: "solver nbo_gd has no parameter 'batch_size'; its parameters: n_inner_steps, outer_step_size, step_size"),
        StochasticSolverTests.ErrorCase(solver: "nbo_cg", overrides: ["max_cg_iterations": "0"], message: "max_cg_iterations = 0 is out of range: must be >= 1"),
        StochasticSolverTests.ErrorCase(solver: "nsbo_sgd", overrides: ["batch_size": "0"], message: "batch_size = 0 is out of range: must be >= 1"),
        StochasticSolverTests.ErrorCase(solver: "nsbo_sgd", overrides: ["batch_size": "2", "lower_gradient_batch_size": "5"],
                                        message: "lower_gradient_batch_size = 5 is out of range: must be a multiple of batch_size = 2"),
        StochasticSolverTests.ErrorCase(solver: "nsbo_sgd", overrides: ["batch_size": "2", "hessian_batch_size": "0"],
                                        message: "hessian_batch_size = 0 is out of range: must be >= 1"),
        StochasticSolverTests.ErrorCase(solver: "nsbo_sgd", overrides: ["batch_size": "2", "lower_gradient_batch_size": "10"],
                                        message: "lower_gradient_batch_size = 10 is out of range: must be at most 8 (the samples it draws from)"),
        StochasticSolverTests.ErrorCase(solver: "nsbo_sgd", overrides: ["batch_size": "2", "lower_gradient_batch_size": "2", "hessian_batch_size": "2", "cross_batch_size": "2", "upper_batch_size": "8"],
                                        message: "upper_batch_size = 8 is out of range: must be at most 6 (the samples it draws from)"),
        StochasticSolverTests.ErrorCase(solver: "nsbo_sgd", overrides: ["step_size": "-0.5"], message: "step_size = -0.5 is out of range: must be > 0"),
        StochasticSolverTests.ErrorCase(solver: "nsbo_sgd", overrides: ["warmup_steps": "-2"], message: "warmup_steps = -2 is out of range: must be >= 0"),
    ]

    @Test(arguments: errorCases)
    func badParametersGiveOneLineErrors(_ testCase: StochasticSolverTests.ErrorCase) {
        do {
            _ = try StochasticSolverRegistry.solver(named: testCase.solver).configure(overrides: testCase.overrides, seed: 1) {
                QuadraticStochasticProblem(batchSize: $0)
            }
            Issue.record("no error for \(testCase.overrides)")
        } catch {
            #expect("\(error)" == testCase.message)
        }
    }
}
