import ArgumentParser
import Foundation
import Testing
@testable import BilevelCLI

/// `bilevel solve` on the regularization problem from libsvm files the test writes: a short run
/// has the problem's columns, and a missing file, a bad line or a too-large batch is one error
/// line that leaves no output file.
@Suite struct SolveNewtonCommandTests {
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("solve-nbo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// 12 samples, 3 features, both labels.
    static let libsvm = (0..<12).map { i in "\(i % 3 == 0 ? "+1" : "-1") 1:\(Double(i) / 7) 2:\(Double(i % 4) - 1.5) 3:0.5" }
        .joined(separator: "\n") + "\n"

    @Test func regularizationRunHasItsColumns() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.libsvm.write(toFile: dir + "/train.libsvm", atomically: true, encoding: .utf8)
        let output = dir + "/run.jsonl"
        var command = try BilevelCommand.parseAsRoot(["solve", "--problem", "regularization", "--solver", "nbo_gd", "--data-file",
                                                      dir + "/train.libsvm", "--max-iter", "4", "--eval-freq", "2", "--quiet",
                                                      "--output", output])
        try command.run()
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)  // iterations 0, 2, 4 and the final record
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["objective_value", "objective_value_func", "objective_inner_distance", "objective_norm_outer_var", "objective_norm_regul"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["data_name"] as? String == "libsvm[train.libsvm]")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let file: String?
        let extra: [String]
        let message: String
        var testDescription: String { message }
    }

    static let failures = [
        Case(file: nil, extra: [], message: "/missing.libsvm"),
        Case(file: "+1 1:0.5\n-1 1:x\n", extra: [], message: "/train.libsvm:2: '1:x' is not index:value"),
        Case(file: libsvm, extra: ["--solver", "nsbo_sgd", "--batch-size", "64"],
             message: "batch_size = 64 is out of range: must be at most 4 (the smaller sample set)"),
    ]

    @Test(arguments: failures)
    func badInputIsOneLineAndNoFile(_ testCase: Case) throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = dir + (testCase.file == nil ? "/missing.libsvm" : "/train.libsvm")
        if let text = testCase.file { try text.write(toFile: input, atomically: true, encoding: .utf8) }
        var arguments = ["solve", "--problem", "regularization", "--solver", "nbo_gd", "--data-file", input, "--output", dir + "/out.jsonl"]
        if !testCase.extra.isEmpty { arguments = arguments.filter { $0 != "nbo_gd" && $0 != "--solver" } + testCase.extra }
        var command = try BilevelCommand.parseAsRoot(arguments)
        do {
            try command.run()
            Issue.record("no error")
        } catch {
            let message = BilevelCommand.message(for: error)
            #expect(message.contains(testCase.message) && !message.contains("\n"), "message: \(message)")
            #expect(BilevelCommand.exitCode(for: error) != .success)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".jsonl") || $0.contains("out") }
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
