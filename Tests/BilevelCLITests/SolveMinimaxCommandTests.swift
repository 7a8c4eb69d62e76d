import ArgumentParser
import Testing
@testable import BilevelCLI

/// `bilevel solve` on the minimax problems: bad input is one line and a non-zero exit before any
/// work; a short closed-form run prints the extra columns.
@Suite struct SolveMinimaxCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let base = ["solve", "--problem", "closed-form-minimax", "--solver", "penalty_sapd"]
    static let rejected = [
        Case(arguments: ["--rho", "0"], message: "rho = 0.0 is out of range"),
        Case(arguments: ["--rho", "nan"], message: "rho = nan is out of range"),
        Case(arguments: ["--eps=-1"], message: "eps = -1.0 is out of range"),
        Case(arguments: ["--theta", "1.5"], message: "--theta must be in (0, 1)"),
        Case(arguments: ["--theta", "0"], message: "--theta must be in (0, 1)"),
        Case(arguments: ["--radius=-2"], message: "radius = -2.0 is out of range"),
        Case(arguments: ["--multiplier-bound=-1"], message: "multiplier_bound = -1.0 is out of range"),
        Case(arguments: ["--dual-anchor", "middle"], message: "--dual-anchor must be initial or current"),
        Case(arguments: ["--inner-steps", "0"], message: "inner_steps = 0 is out of range"),
    ]

    @Test(arguments: rejected)
    func badInputIsOneLineAndNonZeroExit(_ testCase: Case) {
        do {
            _ = try BilevelCommand.parseAsRoot(Self.base + testCase.arguments)
            Issue.record("accepted \(testCase.arguments)")
        } catch {
            let message = BilevelCommand.message(for: error)
            #expect(message.hasPrefix(testCase.message), "message: \(message)")
            #expect(!message.contains("\n"))
            #expect(BilevelCommand.exitCode(for: error) != .success)
        }
    }

    @Test func wrongSolverForTheProblemIsRejected() {
        #expect(throws: (any Error).self) {
            _ = try BilevelCommand.parseAsRoot(["solve", "--problem", "group-robust", "--solver", "soba"])
        }
        #expect(throws: (any Error).self) {
            _ = try BilevelCommand.parseAsRoot(["solve", "--problem", "closed-form-minimax", "--solver", "projected_v_pbgd"])
        }
    }

    @Test func closedFormRunParses() throws {
        let command = try BilevelCommand.parseAsRoot(Self.base + ["--max-iter", "50", "--quiet"])
        #expect(command is SolveCommand)
    }
}
