import Foundation
import Tensor
import Testing
@testable import Bilevel

/// The stochastic solvers on ``QuadraticStochasticProblem``: exact one-step updates, convergence
/// to the closed-form solution, SAGA table consistency and parameter errors.
@Suite struct StochasticSolverTests {
    static func distance(_ x: FloatBuffer, _ target: [Double]) -> Double {
        var total = 0.0
        for (value, goal) in zip(x.array, target) {
            let difference = Double(value) - goal
            total += difference * difference
        }
        return total.squareRoot()
    }

    /// Two SOBA steps on full batches against a Float64 hand computation of METHODS.md §2.1.
    @Test func sobaStepsMatchHandComputation() throws {
        let problem = QuadraticStochasticProblem(batchSize: 100)
        var parameters = SOBA.Parameters()
        parameters.stepSize = 0.2
        parameters.outerRatio = 0.5
        let solver = SOBA(problem: problem, parameters: parameters, seed: 1)
        let all = 0..<8
        let abar = problem.mean(problem.a, all), cbar = problem.mean(problem.c, all)
        let tbar = problem.mean(problem.t, 0..<6)
        var x = problem.initialX.map(Double.init), y = problem.initialY.map(Double.init)
        var v = [0.0, 0.0, 0.0]
        for t in 0..<2 {
            let rho = 0.2 / Double(t + 1).squareRoot(), gamma = 0.4 / Double(t + 1).squareRoot()
            let a = (0..<3).map { r in (0..<3).reduce(0.0) { $0 + abar[r * 3 + $1] * y[$1] } + cbar[r] * x[0] + cbar[3 + r] * x[1] }
            let p = (0..<3).map { r in (0..<3).reduce(0.0) { $0 + abar[r * 3 + $1] * v[$1] } }
            let c = (0..<2).map { r in (0..<3).reduce(0.0) { $0 + cbar[r * 3 + $1] * v[$1] } }
            let d = (0..<3).map { y[$0] - tbar[$0] }
            let e = x.map { problem.mu * $0 }
            y = (0..<3).map { y[$0] - rho * a[$0] }
            v = (0..<3).map { v[$0] - rho * (p[$0] + d[$0]) }
            x = (0..<2).map { x[$0] - gamma * (c[$0] + e[$0]) }
            solver.step()
            // Float32 arithmetic on O(1) values: 1e-6 is a few ulps.
            for k in 0..<3 { #expect(abs(Double(solver.y.pointer[k]) - y[k]) < 1e-6, "step \(t) y[\(k)]") }
            for k in 0..<2 { #expect(abs(Double(solver.x.pointer[k]) - x[k]) < 1e-6, "step \(t) x[\(k)]") }
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let overrides: [String: String]
        let batchSize: Int
        let iterations: Int
        let tolerance: Double
        var testDescription: String { "\(name) b=\(batchSize)" }
    }

    /// Full batches with constant steps converge linearly; SABA also with minibatches of 2
    /// (variance reduction). Tolerances: Float32 fixed points are exact to ~1e-6; 1e-3 leaves room
    /// for the remaining linear-rate error after the given iterations.
    static let convergenceCases = [
        Case(name: "soba", overrides: ["step_size": "0.3", "inner_exponent": "0", "outer_exponent": "0"],
             batchSize: 100, iterations: 3000, tolerance: 1e-3),
        Case(name: "saba", overrides: ["step_size": "0.3"], batchSize: 100, iterations: 3000, tolerance: 1e-3),
        Case(name: "saba", overrides: ["step_size": "0.1"], batchSize: 2, iterations: 20_000, tolerance: 1e-3),
    ]

    @Test(arguments: convergenceCases)
    func convergesToTheExactSolution(_ testCase: Case) throws {
        let configured = try StochasticSolverRegistry.solver(named: testCase.name).configure(
            overrides: testCase.overrides.merging(["batch_size": "\(min(testCase.batchSize, 6))"]) { $1 }, seed: 3
        ) { _ in QuadraticStochasticProblem(batchSize: testCase.batchSize) }
        let problem = QuadraticStochasticProblem(batchSize: testCase.batchSize)
        let solution = problem.solution
        let start = Self.distance(configured.solver.x, solution.x)
        for _ in 0..<testCase.iterations { configured.solver.step() }
        let end = Self.distance(configured.solver.x, solution.x)
        #expect(end < testCase.tolerance, "‖x − x*‖ from \(start) to \(end)")
        #expect(Self.distance(configured.solver.y, solution.y) < 10 * testCase.tolerance)
    }

    /// SOBA's default decaying steps on minibatches still head towards x*.
    @Test func sobaMinibatchesDecreaseTheDistance() throws {
        let problem = QuadraticStochasticProblem(batchSize: 2)
        let solver = SOBA(problem: problem, parameters: SOBA.Parameters(), seed: 4)
        let solution = problem.solution
        let start = Self.distance(solver.x, solution.x)
        for _ in 0..<20_000 { solver.step() }
        #expect(Self.distance(solver.x, solution.x) < 0.2 * start)
    }

    /// Every SAGA mean equals the weighted sum of its memory slots.
    @Test func sabaTablesStayConsistent() {
        let problem = QuadraticStochasticProblem(batchSize: 3)
        let solver = SABA(problem: problem, parameters: SABA.Parameters(), seed: 2)
        for _ in 0..<7 { solver.step() }
        for (table, batches) in [(solver.tableA, problem.innerBatches), (solver.tableP, problem.innerBatches),
                                 (solver.tableC, problem.innerBatches), (solver.tableD, problem.outerBatches)] {
            for k in 0..<table.dimension {
                let sum = (0..<batches.count).reduce(Float(0)) { $0 + batches.weight($1) * table.stored($1)[k] }
                // Accumulated one weighted delta at a time in Float32: a few ulps of O(1) values.
                #expect(abs(sum - table.mean.pointer[k]) < 1e-5)
            }
        }
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let solver: String
        let overrides: [String: String]
        let message: String
        var testDescription: String { message }
    }

    static let errorCases = [
        ErrorCase(solver: "sgd", overrides: [:], message: "unknown solver 'sgd'; known solvers: soba, saba"),
        ErrorCase(solver: "soba", overrides: ["step_size": "-0.1"], message: "step_size = -0.1 is out of range: must be > 0"),
        ErrorCase(solver: "saba", overrides: ["batch_size": "0"], message: "batch_size = 0 is out of range: must be >= 1"),
        ErrorCase(solver: "saba", overrides: ["batch_size": "7"],
                  message: "batch_size = 7 is out of range: must be at most 6 (the smaller sample set)"),
        ErrorCase(solver: "soba", overrides: ["batch_size": "2.5"], message: "solver soba: invalid value '2.5' for parameter 'batch_size'"),
        ErrorCase(solver: "soba", overrides: ["step_size": "fast"], message: "solver soba: invalid value 'fast' for parameter 'step_size'"),
        ErrorCase(solver: "saba", overrides: ["n_inner_steps": "3"],
                  message: "solver saba has no parameter 'n_inner_steps'; its parameters: batch_size, outer_ratio, step_size"),
    ]

    @Test(arguments: errorCases)
    func badParametersGiveOneLineErrors(_ testCase: ErrorCase) {
        do {
            _ = try StochasticSolverRegistry.solver(named: testCase.solver).configure(overrides: testCase.overrides, seed: 1) {
                QuadraticStochasticProblem(batchSize: $0)
            }
            Issue.record("no error for \(testCase.overrides)")
        } catch {
            #expect("\(error)" == testCase.message)
        }
    }

    @Test func displayNameListsEveryParameter() throws {
        let configured = try SABA.configure(overrides: ["outer_ratio": "0.001", "batch_size": "4"], seed: 3) {
            QuadraticStochasticProblem(batchSize: $0)
        }
        #expect(configured.displayName == "saba[batch_size=4,outer_ratio=0.001,random_state=3,step_size=0.1]")
    }
}
