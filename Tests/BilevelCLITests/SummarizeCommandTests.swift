import Foundation
import Testing

@testable import BilevelCLI

@Suite struct SummarizeCommandTests {
    func lines(_ arguments: [String]) throws -> [String] {
        let command = try #require(try BilevelCommand.parseAsRoot(["summarize"] + arguments) as? SummarizeCommand)
        return try command.outputLines()
    }

    @Test func tableHasOneRowPerConfigurationAndMarksOneSelectionPerSolver() throws {
        let table = try lines([AnalysisFixtures.path("solve-mnist.jsonl"), "--target", "0.75"])
        #expect(table.count == 2 + 3)
        #expect(table[0].contains("t→0.8 median curve") && table[0].contains("t→0.75 seeds (hits)"))
        #expect(table.filter { $0.contains("| * |") }.count == 2)  // soba and amigo
    }

    @Test func jsonHasTheCurvesOnTheGrid() throws {
        let output = try lines([AnalysisFixtures.path("solve-mnist.jsonl"), "--json", "--grid-points", "40"])
        #expect(output.count == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output[0].utf8)) as? [String: Any])
        #expect(document["criterion"] as? String == "stop_val <= 100")
        let configurations = try #require(document["configurations"] as? [[String: Any]])
        #expect(configurations.count == 3)
        let curves = try #require(configurations[0]["curves"] as? [String: [String: [Double]]])
        #expect(Set(curves.keys) == ["test_error_vs_time", "value_vs_time", "test_accuracy_vs_time", "test_error_vs_iteration", "value_vs_iteration"])
        let band = try #require(curves["test_error_vs_time"])
        #expect(band["grid"]?.count == 40 && band["median"]?.count == 40)
        #expect(zip(band["lower"] ?? [], band["upper"] ?? []).allSatisfy { $0 <= $1 })
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let rejected = [
        Case(arguments: [], message: "give at least one result file"),
        Case(arguments: ["x.jsonl", "--target", "80"], message: "--target must be a test accuracy in (0, 1]"),
        Case(arguments: ["x.jsonl", "--criterion", "some"], message: "--criterion must be a non-negative integer or 'all'"),
    ]

    @Test(arguments: rejected)
    func badFlagsAreOneLine(_ testCase: Case) {
        do {
            _ = try BilevelCommand.parseAsRoot(["summarize"] + testCase.arguments)
            Issue.record("accepted")
        } catch {
            #expect(BilevelCommand.message(for: error).contains(testCase.message), "\(BilevelCommand.message(for: error))")
            #expect(BilevelCommand.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func filesWithoutSolveRecordsAreAClearError() throws {
        do {
            _ = try lines([AnalysisFixtures.path("toy-v_pbgd.jsonl")])
            Issue.record("accepted")
        } catch {
            let message = BilevelCommand.message(for: error)
            #expect(message.contains("no `bilevel solve` evaluations in") && !message.contains("\n"))
            #expect(BilevelCommand.exitCode(for: error).rawValue == 1)
        }
    }
}
