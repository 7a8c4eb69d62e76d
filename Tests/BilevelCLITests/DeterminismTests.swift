import Foundation
import Testing

/// The same command with the same seed and thread count prints the same metrics: each command
/// runs twice as a separate process and every printed value but the clocks must be equal.
@Suite struct DeterminismTests {
    static let dataDirectory = ProcessInfo.processInfo.environment["BILEVEL_DATA"] ?? "data"
    static var hasMNIST: Bool {
        FileManager.default.fileExists(atPath: dataDirectory + "/mnist/train-images-idx3-ubyte")
    }

    /// The metric lines of `text` without their clock fields (`time`, `*_sec`, `iter_ms`,
    /// `us_per_iteration`, …).
    static func metrics(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.split(separator: " ").first?.hasSuffix("_METRICS") == true }.map { line in
            line.split(separator: " ").filter { field in
                let key = field.split(separator: "=", maxSplits: 1).first ?? ""
                return !(key.contains("time") || key.contains("sec") || key.hasSuffix("_ms") || key.hasPrefix("us_"))
            }.joined(separator: " ")
        }
    }

    /// Runs `arguments` twice and expects equal, non-empty metrics.
    static func expectRepeatable(_ arguments: [String]) throws {
        let first = try BuiltBinary.run(arguments), second = try BuiltBinary.run(arguments)
        #expect(first.status == 0 && second.status == 0, "\(first.standardError)\(second.standardError)")
        let metrics = Self.metrics(first.standardOutput)
        #expect(metrics.contains { $0.hasPrefix("FINAL_METRICS") })
        #expect(metrics == Self.metrics(second.standardOutput))
    }

    @Test func toyIsRepeatable() throws {
        try Self.expectRepeatable(["toy-convergence", "--seed", "42"])
    }

    @Test(.enabled(if: hasMNIST, "needs MNIST ($BILEVEL_DATA)"), arguments: ["1", "2"])
    func hyperCleaningIsRepeatable(threads: String) throws {
        try Self.expectRepeatable([
            "hyperclean", "--net", "linear", "--method", "v_pbgd", "--outer-itr", "40", "--seed", "42",
            "--threads", threads, "--data-dir", Self.dataDirectory,
        ])
    }

    @Test(.enabled(if: hasMNIST, "needs MNIST ($BILEVEL_DATA)"), arguments: ["1", "2"])
    func stochasticSolveIsRepeatable(threads: String) throws {
        try Self.expectRepeatable([
            "solve", "--solver", "soba", "--dataset", "mnist", "--max-iter", "200", "--eval-freq", "100",
            "--seed", "1", "--threads", threads, "--data-dir", Self.dataDirectory,
        ])
    }
}
