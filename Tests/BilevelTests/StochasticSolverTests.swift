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
        Case(name: "stocbio", overrides: ["step_size": "0.3"], batchSize: 100, iterations: 2000, tolerance: 1e-3),
        Case(name: "amigo", overrides: ["step_size": "0.3"], batchSize: 100, iterations: 2000, tolerance: 1e-3),
        // F2SA's fixed point is biased by O(1/λ); λ ≈ 300 after 10⁴ iterations of the benchopt schedule.
        // Constant-rate Adam hovers within O(rate) of the solution.
        Case(name: "f2sa_adam", overrides: ["step_size": "0.002", "outer_ratio": "1", "delta": "0.05"],
             batchSize: 100, iterations: 10_000, tolerance: 5e-2),
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

    /// Means of the quadratic problem on full batches: ∇_y g, ∇_x g, H·v, J·v, ∇_y f, ∇_x f.
    struct FullBatch {
        let problem: QuadraticStochasticProblem
        var abar: [Double] { problem.mean(problem.a, 0..<8) }
        var cbar: [Double] { problem.mean(problem.c, 0..<8) }
        var tbar: [Double] { problem.mean(problem.t, 0..<6) }
        func hessian(_ v: [Double]) -> [Double] { (0..<3).map { r in (0..<3).reduce(0.0) { $0 + abar[r * 3 + $1] * v[$1] } } }
        func cross(_ v: [Double]) -> [Double] { (0..<2).map { r in (0..<3).reduce(0.0) { $0 + cbar[r * 3 + $1] * v[$1] } } }
        func gradientY(_ x: [Double], _ y: [Double]) -> [Double] {
            let h = hessian(y)
            return (0..<3).map { h[$0] + cbar[$0] * x[0] + cbar[3 + $0] * x[1] }
        }
        func upperY(_ y: [Double]) -> [Double] { (0..<3).map { y[$0] - tbar[$0] } }
        func upperX(_ x: [Double]) -> [Double] { x.map { problem.mu * $0 } }
    }

    static func expectClose(_ solver: any StochasticSolver, x: [Double], y: [Double], _ note: String) {
        // Float32 arithmetic on O(1) values through a few dozen operations: 1e-5.
        for k in 0..<3 { #expect(abs(Double(solver.y.pointer[k]) - y[k]) < 1e-5, "\(note) y[\(k)]") }
        for k in 0..<2 { #expect(abs(Double(solver.x.pointer[k]) - x[k]) < 1e-5, "\(note) x[\(k)]") }
    }

    /// One StocBiO iteration (T = 2, Q = 3) and two AmIGO iterations (T = 2) by hand (§2.3–2.4).
    @Test func stocbioAndAmigoStepsMatchHandComputation() {
        let problem = QuadraticStochasticProblem(batchSize: 100)
        let full = FullBatch(problem: problem)
        let eta = 0.2, gamma = 0.2 / 0.5
        var stocbio = StocBiO.Parameters()
        (stocbio.stepSize, stocbio.outerRatio, stocbio.nInnerSteps, stocbio.nShiaSteps) = (0.2, 0.5, 2, 3)
        let solver = StocBiO(problem: problem, parameters: stocbio, seed: 1)
        var x = problem.initialX.map(Double.init), y = problem.initialY.map(Double.init)
        for _ in 0..<2 { y = zip(y, full.gradientY(x, y)).map { $0 - eta * $1 } }
        let d = full.upperY(y), e = full.upperX(x)
        var term = d, sum = d
        for _ in 0..<3 {
            term = zip(term, full.hessian(term)).map { $0 - eta * $1 }
            sum = zip(sum, term).map(+)
        }
        let c = full.cross(sum.map { eta * $0 })
        x = (0..<2).map { x[$0] - gamma * (e[$0] - c[$0]) }
        solver.step()
        Self.expectClose(solver, x: x, y: y, "stocbio")

        var amigo = AmIGO.Parameters()
        (amigo.stepSize, amigo.outerRatio, amigo.nInnerSteps) = (0.2, 0.5, 2)
        let second = AmIGO(problem: problem, parameters: amigo, seed: 1)
        x = problem.initialX.map(Double.init)
        y = problem.initialY.map(Double.init)
        var u = [0.0, 0.0, 0.0]
        for t in 0..<2 {
            for _ in 0..<2 { y = zip(y, full.gradientY(x, y)).map { $0 - eta * $1 } }
            let d = full.upperY(y), e = full.upperX(x)
            for _ in 0..<2 { u = (0..<3).map { u[$0] - eta * (full.hessian(u)[$0] - d[$0]) } }
            let c = full.cross(u)
            x = (0..<2).map { x[$0] - gamma * (e[$0] - c[$0]) }
            second.step()
            Self.expectClose(second, x: x, y: y, "amigo step \(t)")
        }
    }

    /// Two F2SA iterations (T = 2, benchopt schedule) by hand (§2.5), and F2SA + Adam's first
    /// iteration (T = 1, constant rates): the first Adam step of each variable is −lr·g/√(g² + ε).
    @Test func f2saStepsMatchHandComputation() {
        let problem = QuadraticStochasticProblem(batchSize: 100)
        let full = FullBatch(problem: problem)
        var parameters = F2SA.Parameters()
        (parameters.stepSize, parameters.outerRatio, parameters.nInnerSteps, parameters.delta) = (0.1, 0.5, 2, 0.3)
        let solver = F2SA(problem: problem, parameters: parameters, seed: 1)
        var x = problem.initialX.map(Double.init), y = problem.initialY.map(Double.init), z = y
        var lambda = 1.0
        for t in 0..<2 {
            let step = { (scale: Double, exponent: Double) in scale / Foundation.pow(Double(t + 1), exponent) }
            let alpha = step(0.1, 5.0 / 7), beta = step(0.1, 4.0 / 7), gamma = step(0.2, 4.0 / 7)
            for _ in 0..<2 {
                let gy = full.gradientY(x, y), fy = full.upperY(y), gz = full.gradientY(x, z)
                y = (0..<3).map { y[$0] - alpha * (lambda * gy[$0] + fy[$0]) }
                z = (0..<3).map { z[$0] - beta * gz[$0] }
            }
            let direction = (0..<2).map { full.upperX(x)[$0] + lambda * (full.cross(y)[$0] - full.cross(z)[$0]) }
            x = (0..<2).map { x[$0] - gamma * direction[$0] }
            lambda += step(0.3, 1.0 / 7)
            solver.step()
            Self.expectClose(solver, x: x, y: y, "f2sa step \(t)")
        }

        var adam = F2SAAdam.Parameters()
        (adam.stepSize, adam.outerRatio, adam.nInnerSteps) = (0.01, 0.5, 1)
        let second = F2SAAdam(problem: problem, parameters: adam, seed: 1)
        x = problem.initialX.map(Double.init)
        y = problem.initialY.map(Double.init)
        z = y
        let first = { (g: Double, rate: Double) in rate * g / (g * g + 1e-8).squareRoot() }
        let gy = full.gradientY(x, y), fy = full.upperY(y), gz = full.gradientY(x, z)
        y = (0..<3).map { y[$0] - first(gy[$0] + fy[$0], 0.01) }
        z = (0..<3).map { z[$0] - first(gz[$0], 0.01) }
        let direction = (0..<2).map { full.upperX(x)[$0] + full.cross(y)[$0] - full.cross(z)[$0] }
        x = (0..<2).map { x[$0] - first(direction[$0], 0.02) }
        second.step()
        Self.expectClose(second, x: x, y: y, "f2sa_adam")
    }

    /// F2SA with a fixed penalty (constant schedule, δ = 0) converges to its penalised fixed point
    /// x_λ, which approaches x* as O(1/λ). (With benchopt's growing λ the full-batch run on this
    /// problem is unstable for large outer steps, as METHODS.md §5.1a reports on MNIST.)
    @Test(arguments: [5, 10] as [Float])
    func f2saConvergesToThePenalisedSolution(lambda: Float) throws {
        let problem = QuadraticStochasticProblem(batchSize: 100)
        var parameters = F2SA.Parameters()
        (parameters.stepSize, parameters.outerRatio, parameters.lambda0, parameters.delta) = (0.05, 0.5, lambda, 0)
        parameters.schedule = .constant
        let solver = F2SA(problem: problem, parameters: parameters, seed: 2)
        for _ in 0..<3000 { solver.step() }
        let penalised = problem.penalisedSolution(lambda: Double(lambda))
        // Linear convergence to a Float32 fixed point: a few ulps of O(1) values remain.
        #expect(Self.distance(solver.x, penalised) < 1e-4)
        // The penalty bias: 0.024 at λ = 5 and 0.012 at λ = 10 for this problem (numpy check).
        #expect(Self.distance(solver.x, problem.solution.x) < 0.15 / Double(lambda))
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
        ErrorCase(solver: "sgd", overrides: [:], message: "unknown solver 'sgd'; known solvers: soba, saba, stocbio, amigo, f2sa, f2sa_adam, nbo_gd, nbo_cg, nsbo_sgd"),
        ErrorCase(solver: "soba", overrides: ["step_size": "-0.1"], message: "step_size = -0.1 is out of range: must be > 0"),
        ErrorCase(solver: "saba", overrides: ["batch_size": "0"], message: "batch_size = 0 is out of range: must be >= 1"),
        ErrorCase(solver: "saba", overrides: ["batch_size": "7"],
                  message: "batch_size = 7 is out of range: must be at most 6 (the smaller sample set)"),
        ErrorCase(solver: "soba", overrides: ["batch_size": "2.5"], message: "solver soba: invalid value '2.5' for parameter 'batch_size'"),
        ErrorCase(solver: "soba", overrides: ["step_size": "fast"], message: "solver soba: invalid value 'fast' for parameter 'step_size'"),
        ErrorCase(solver: "saba", overrides: ["n_inner_steps": "3"],
                  message: "solver saba has no parameter 'n_inner_steps'; its parameters: batch_size, outer_ratio, step_size"),
        ErrorCase(solver: "f2sa", overrides: ["schedule": "cosine"], message: "solver f2sa: invalid value 'cosine' for parameter 'schedule'"),
        ErrorCase(solver: "f2sa_adam", overrides: ["beta2": "1"], message: "beta2 = 1.0 is out of range: must be in [0, 1)"),
        ErrorCase(solver: "amigo", overrides: ["n_inner_steps": "0"], message: "n_inner_steps = 0 is out of range: must be >= 1"),
    ]

    @Test func booleanAndEnumParametersParse() throws {
        let parameters = try F2SAAdam.parameters(overriding: ["adam_literal": "true", "schedule": "benchopt2023-10", "evaluated": "z"])
        #expect(parameters.adamLiteral && parameters.schedule == .benchopt2023 && parameters.evaluated == .z)
    }

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
