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
        Case(arguments: ["--solver", "sgd"], message: "unknown solver 'sgd'; known solvers: soba, saba, stocbio, amigo, f2sa, f2sa_adam, nbo_gd, nbo_cg, nsbo_sgd"),
        Case(arguments: ["--solver", "soba", "--step-size=-1"], message: "step_size = -1.0 is out of range: must be > 0"),
        Case(arguments: ["--solver", "saba", "--batch-size", "0"], message: "batch_size = 0 is out of range: must be >= 1"),
        Case(arguments: ["--solver", "stocbio", "--set", "n_shia_steps"], message: "--set needs key=value"),
        Case(arguments: ["--solver", "amigo", "--set", "beta1=0.9"], message: "solver amigo has no parameter 'beta1'"),
        Case(arguments: ["--solver", "f2sa", "--dataset", "cifar"], message: "unknown dataset 'cifar'"),
        Case(arguments: ["--solver", "f2sa", "--corruption", "1.5"], message: "--corruption must be in [0, 1]"),
        Case(arguments: ["--solver", "f2sa", "--max-iter", "0"], message: "--max-iter must be at least 1"),
        Case(arguments: ["--solver", "f2sa", "--problem", "cifar"], message: "unknown problem 'cifar'"),
        Case(arguments: ["--solver", "nbo_gd", "--set", "n_inner_steps=-1"], message: "n_inner_steps = -1 is out of range: must be >= 0"),
        Case(arguments: ["--solver", "nbo_gd", "--step-size", "0"], message: "step_size = 0.0 is out of range: must be > 0"),
        Case(arguments: ["--solver", "nbo_cg", "--set", "tolerance=-1"], message: "tolerance = -1.0 is out of range: must be > 0"),
        Case(arguments: ["--solver", "nsbo_sgd", "--batch-size", "0"], message: "batch_size = 0 is out of range: must be >= 1"),
        Case(arguments: ["--solver", "nsbo_sgd", "--set", "lower_gradient_batch_size=100"],
             message: "lower_gradient_batch_size = 100 is out of range: must be a multiple of batch_size = 64"),
        Case(arguments: ["--solver", "nbo_gd", "--problem", "regularization", "--dataset", "mnist"],
             message: "unknown dataset 'mnist' for problem regularization"),
        Case(arguments: ["--solver", "nbo_gd", "--problem", "quadratic", "--data-file", "a.libsvm"],
             message: "--data-file is only for --problem regularization"),
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
        #expect(command.dataset == nil && command.corruption == 0.5 && command.seed == 1 && command.problem == "data-cleaning")
        #expect(try command.overrides().isEmpty)
    }

    static var hasMNIST: Bool {
        FileManager.default.fileExists(
            atPath: (ProcessInfo.processInfo.environment["BILEVEL_DATA"] ?? "data") + "/mnist/t10k-labels-idx1-ubyte")
    }

    /// A short run writes benchopt's columns to --output; a run that fails (batch larger than the
    /// 5000 validation rows) leaves no file behind.
    @Test(.enabled(if: hasMNIST, "needs MNIST ($BILEVEL_DATA)"))
    func outputFileHasBenchoptColumnsAndFailuresLeaveNone() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("solve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.jsonl"
        var command = try BilevelCommand.parseAsRoot(
            ["solve", "--solver", "soba", "--max-iter", "20", "--eval-freq", "10", "--quiet", "--output", path])
        try command.run()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)  // iterations 0, 10, 20 and the final record
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["solver_name", "data_name", "idx_rep", "stop_val", "time", "objective_value",
                    "objective_test_error", "objective_test_accuracy", "objective_train_error"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect((first["solver_name"] as? String)?.hasPrefix("soba[batch_size=64,") == true)

        let failing = directory + "/failed.jsonl"
        var bad = try BilevelCommand.parseAsRoot(["solve", "--solver", "saba", "--batch-size", "6000", "--output", failing])
        #expect(throws: (any Error).self) { try bad.run() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["run.jsonl"])
    }
}
