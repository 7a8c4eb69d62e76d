import ArgumentParser
import Foundation
import Testing
@testable import BilevelCLI

/// Flag validation of `bilevel hyperclean`: every bad input is one clear message, before any work.
@Suite struct HyperCleanCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let rejected = [
        Case(arguments: ["--net", "cnn"], message: "cnn"),
        Case(arguments: ["--seed", "1", "--seeds", "1,2"], message: "--seed or --seeds"),
        Case(arguments: ["--seeds", "42,x"], message: "comma-separated integers"),
        Case(arguments: ["--checkpoint-every", "10"], message: "needs --checkpoint"),
        Case(arguments: ["--stop-after", "10"], message: "needs --checkpoint"),
        Case(arguments: ["--seeds", "1,2", "--checkpoint", "c.json"], message: "single --seed"),
        Case(arguments: ["--threads", "0"], message: "--threads"),
        Case(arguments: ["--backend", "cuda"], message: "unknown backend"),
    ]

    @Test(arguments: rejected)
    func badFlagsAreRefusedWithAMessage(_ testCase: Case) {
        do {
            _ = try BilevelCommand.parseAsRoot(["hyperclean"] + testCase.arguments)
            Issue.record("accepted \(testCase.arguments)")
        } catch {
            let message = BilevelCommand.message(for: error)
            #expect(message.contains(testCase.message), "message: \(message)")
            #expect(BilevelCommand.exitCode(for: error) != .success)
        }
    }

    struct StrategyCase: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badStrategies = [
        StrategyCase(arguments: ["--lrx=-1"], message: "lrx = -1.0, must be > 0"),
        StrategyCase(arguments: ["--lry", "nan"], message: "lry = nan, must be a finite number"),
        StrategyCase(arguments: ["--method", "sgd"], message: "unknown hyper-cleaning method 'sgd'"),
        StrategyCase(arguments: ["--preset", "fastest"], message: "unknown preset 'fastest'"),
        StrategyCase(arguments: ["--strategy", "/nonexistent/s.json"], message: "cannot read strategy file /nonexistent/s.json"),
        StrategyCase(arguments: ["--outer-itr", "0"], message: "outer_itr = 0, must be > 0"),
    ]

    @Test(arguments: badStrategies)
    func badStrategiesFailBeforeAnyOutput(_ testCase: StrategyCase) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID().uuidString).jsonl").path
        var command = try BilevelCommand.parseAsRoot(["hyperclean", "--output", output] + testCase.arguments)
        do {
            try command.run()
            Issue.record("ran with \(testCase.arguments)")
        } catch {
            #expect(BilevelCommand.message(for: error).contains(testCase.message), "\(BilevelCommand.message(for: error))")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(!FileManager.default.fileExists(atPath: output + ".tmp"))
    }

    @Test func strategyFileFieldsAreOverriddenByFlags() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"method": "g_pbgd", "lrx": 0.3, "lry": 0.5, "gamma_max": 37, "gamma_argmax_step": 5000, "outer_itr": 100}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let command = try #require(try BilevelCommand.parseAsRoot(["hyperclean", "--strategy", path, "--lry", "0.25"]) as? HyperCleanCommand)
        let strategy = try command.strategyOptions.resolve()
        #expect(strategy.method == "g_pbgd")
        #expect(strategy.lrx == 0.3)
        #expect(strategy.lry == 0.25)
        #expect(strategy.gammaMax == 37)
        #expect(strategy.outerItr == 100)
    }
}
