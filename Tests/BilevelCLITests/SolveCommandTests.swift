import ArgumentParser
import Foundation
import Testing
@testable import BilevelCLI

/// Flag validation of `bilevel solve`: every bad input is one clear message before any work (so no
/// output file is created).
@Suite struct SolveCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let rejected = [
        Case(arguments: ["--solver", "sgd"], message: "unknown solver 'sgd'; known solvers: soba, saba, stocbio, amigo, f2sa, f2sa_adam"),
        Case(arguments: ["--solver", "soba", "--step-size=-1"], message: "step_size = -1.0 is out of range: must be > 0"),
        Case(arguments: ["--solver", "saba", "--batch-size", "0"], message: "batch_size = 0 is out of range: must be >= 1"),
        Case(arguments: ["--solver", "stocbio", "--set", "n_shia_steps"], message: "--set needs key=value"),
        Case(arguments: ["--solver", "amigo", "--set", "beta1=0.9"], message: "solver amigo has no parameter 'beta1'"),
        Case(arguments: ["--solver", "f2sa", "--dataset", "cifar"], message: "unknown dataset 'cifar'"),
        Case(arguments: ["--solver", "f2sa", "--corruption", "1.5"], message: "--corruption must be in [0, 1]"),
        Case(arguments: ["--solver", "f2sa", "--max-iter", "0"], message: "--max-iter must be at least 1"),
        Case(arguments: ["--solver", "f2sa", "--problem", "quadratic"], message: "unknown problem 'quadratic'"),
    ]

    @Test(arguments: rejected)
    func badFlagsAreRefusedWithOneLine(_ testCase: Case) {
        do {
            _ = try BilevelCommand.parseAsRoot(["solve"] + testCase.arguments)
            Issue.record("accepted \(testCase.arguments)")
        } catch {
            let message = BilevelCommand.message(for: error)
            #expect(message.hasPrefix(testCase.message), "message: \(message)")
            #expect(!message.contains("\n"))
            #expect(BilevelCommand.exitCode(for: error) != .success)
        }
    }

    @Test func defaultsParse() throws {
        let command = try #require(try BilevelCommand.parseAsRoot(["solve", "--solver", "f2sa_adam"]) as? SolveCommand)
        #expect(command.dataset == "mnist" && command.corruption == 0.5 && command.seed == 1)
        #expect(try command.overrides().isEmpty)
    }
}
