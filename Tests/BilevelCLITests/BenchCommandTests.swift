import Foundation
import Tensor
import Testing

@testable import BilevelCLI

/// `bilevel bench` in-process: option parsing and the JSON-lines smoke run CI relies on.
@Suite struct BenchCommandTests {
    @Test func iterationsIsTheDefaultSubcommand() throws {
        let command = try BilevelCommand.parseAsRoot(["bench"])
        #expect(command is BenchCommand.Iterations)
    }

    @Test func badSelectionsAreRefused() {
        for arguments in [
            ["--nets", "cnn"], ["--methods", "rhg"], ["--threads", "0"], ["--backends", "cuda"],
            ["--iterations", "0"],
        ] {
            #expect(throws: (any Error).self) {
                _ = try BilevelCommand.parseAsRoot(["bench", "iterations"] + arguments)
            }
        }
    }

    /// `bench iterations --iterations 1 --nets linear --json`: one object per line and method,
    /// each with exactly the documented keys and sane values.
    ///
    /// On OpenBLAS and with a 256³ roofline square: tests run unoptimised (-Onone), where the
    /// pure-Swift gemm reaches about 0.1 GFLOP/s, so its linear iteration takes 5 s and the
    /// 2000³ square minutes. CI's release-build `bilevel bench` smoke run covers that backend.
    @Test(.enabled(if: Backend.available.contains(.openblas)))
    func jsonSmokeRunHasTheDocumentedKeys() throws {
        let command = try #require(
            try BilevelCommand.parseAsRoot([
                "bench", "iterations", "--iterations", "1", "--nets", "linear", "--json",
                "--backends", "openblas", "--roofline-size", "256",
            ]) as? BenchCommand.Iterations)
        var lines: [String] = []
        try command.execute { lines.append($0) }
        #expect(lines.count == 4)  // 2 methods x dense/sparse sample products
        let keys: Set = [
            "net", "method", "backend", "products", "threads", "ms_per_iter", "gemm_ms", "overhead",
            "roofline_ms", "roofline_bound", "gflops",
        ]
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == keys)
            #expect(object["net"] as? String == "linear")
            #expect(object["threads"] as? Int == 1)
            #expect(["dense", "sparse"].contains(object["products"] as? String))
            #expect(["flops", "memory"].contains(object["roofline_bound"] as? String))
            for key in ["ms_per_iter", "gemm_ms", "overhead", "roofline_ms", "gflops"] {
                let value = try #require(object[key] as? Double, "\(key) in \(line)")
                #expect(value.isFinite && value > 0, "\(key) in \(line)")
            }
        }
    }
}
