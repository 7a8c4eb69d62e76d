import ArgumentParser
import Foundation
import Tensor

extension BenchCommand {
    /// `bilevel bench gemm`: GFLOP/s of each compiled backend on the hyper-cleaning gemm shapes
    /// (``GemmShape/hyperCleaningShapes``) or on given ones, and the pure-Swift/OpenBLAS ratio.
    struct Gemm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure sgemm GFLOP/s per backend (median of repeated runs after warm-up).",
            discussion: """
                Prints a table: shape (m x k x n), transposes, GFLOP/s per backend and the \
                swift/openblas ratio. With --json, one JSON object per line and backend instead, \
                with keys m, n, k, transa, transb, backend, threads, gflops.
                Shapes are 'all' (the hyper-cleaning products) or a comma-separated list of \
                MxKxN with optional transposes, e.g. 5000x784x10,784x5000x300:TN.
                """
        )

        @Flag(help: "Print one JSON object per line and backend instead of a table.")
        var json = false

        @Option(help: "Timed products per shape and backend (after 2 warm-up runs).")
        var repetitions = 15

        @Option(help: "Threads for each product (OpenBLAS's pool and the pure-Swift kernel).")
        var threads = 1

        @Option(
            help: ArgumentHelp(
                "The products to time: 'all' or a comma-separated list of MxKxN[:TATB].",
                valueName: "all|MxKxN[:TATB],..."))
        var shapes = "all"

        func validate() throws {
            guard repetitions >= 1 else {
                throw ValidationError("--repetitions must be at least 1, got \(repetitions)")
            }
            guard (1...256).contains(threads) else {
                throw ValidationError("--threads must be between 1 and 256, got \(threads)")
            }
            _ = try Self.parseShapes(shapes)
        }

        func run() throws {
            let selected = try Self.parseShapes(shapes)
            let backends = Backend.available
            if !json { print(Self.header(backends: backends)) }
            for shape in selected {
                let measurements = backends.map {
                    measureGemm(shape, backend: $0, repetitions: repetitions, threads: threads)
                }
                if json {
                    for measurement in measurements { print(Self.jsonLine(measurement)) }
                } else {
                    print(Self.tableRow(shape, measurements))
                }
                fflush(nil)  // one row at a time, also when stdout is a pipe
            }
        }

        /// The shapes named by `--shapes`.
        ///
        /// - Throws: `ValidationError` naming the malformed entry and the expected form.
        static func parseShapes(_ text: String) throws -> [GemmShape] {
            if text == "all" { return GemmShape.hyperCleaningShapes }
            let entries = text.split(separator: ",", omittingEmptySubsequences: false)
            return try entries.map { entry in
                guard let shape = parseShape(String(entry)) else {
                    throw ValidationError(
                        "--shapes: '\(entry)' is not MxKxN or MxKxN:TATB with positive sizes and "
                            + "N or T transposes (e.g. 784x5000x10:TN), nor 'all'")
                }
                return shape
            }
        }

        /// `"MxKxN"` or `"MxKxN:TATB"` (TA, TB each `N` or `T`); nil if malformed.
        static func parseShape(_ text: String) -> GemmShape? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 1 || parts.count == 2 else { return nil }
            let sizes = parts[0].split(separator: "x", omittingEmptySubsequences: false)
                .map { Int($0) }
            guard sizes.count == 3, let m = sizes[0], let k = sizes[1], let n = sizes[2],
                m > 0, k > 0, n > 0
            else { return nil }
            var transposes: (Transpose, Transpose) = (.none, .none)
            if parts.count == 2 {
                let letters = Array(parts[1].uppercased())
                guard letters.count == 2, let a = transpose(letters[0]),
                    let b = transpose(letters[1])
                else { return nil }
                transposes = (a, b)
            }
            let shape = GemmShape(m: m, n: n, k: k, transA: transposes.0, transB: transposes.1)
            // A hyper-cleaning product keeps its label in the table.
            let known = GemmShape.hyperCleaningShapes.first { $0.description == shape.description }
            return known ?? shape
        }

        private static func transpose(_ letter: Character) -> Transpose? {
            switch letter {
            case "N": return Transpose.none
            case "T": return .transposed
            default: return nil
            }
        }

        /// Column titles: shape, transposes, one GFLOP/s column per backend, the ratio when both
        /// backends exist, and what the product is.
        static func header(backends: [Backend]) -> String {
            var columns = [pad("shape (mxkxn)", 16), pad("op", 3)]
            columns += backends.map { pad("\($0) GFLOP/s", 17) }
            if hasRatio(backends) { columns.append(pad("swift/openblas", 15)) }
            columns.append("product")
            return columns.joined(separator: " ")
        }

        static func tableRow(_ shape: GemmShape, _ measurements: [GemmMeasurement]) -> String {
            var columns = [pad(shape.dimensions, 16), pad(shape.transposes, 3)]
            columns += measurements.map { pad(String(format: "%.1f", $0.gflops), 17) }
            if let swift = measurements.first(where: { $0.backend == .swift }),
                let blas = measurements.first(where: { $0.backend == .openblas })
            {
                columns.append(pad(String(format: "%.2f", swift.gflops / blas.gflops), 15))
            }
            columns.append(shape.label)
            return columns.joined(separator: " ")
        }

        /// One JSON object: `{"m":5000,"n":10,"k":784,"transa":"N","transb":"N",`
        /// `"backend":"swift","threads":1,"gflops":59.612}` (keys in this order).
        static func jsonLine(_ measurement: GemmMeasurement) -> String {
            let shape = measurement.shape
            let fields = [
                "\"m\":\(shape.m)", "\"n\":\(shape.n)", "\"k\":\(shape.k)",
                "\"transa\":\"\(shape.transA.letter)\"", "\"transb\":\"\(shape.transB.letter)\"",
                "\"backend\":\"\(measurement.backend)\"", "\"threads\":\(measurement.threads)",
                "\"gflops\":" + String(format: "%.3f", measurement.gflops),
            ]
            return "{" + fields.joined(separator: ",") + "}"
        }

        private static func hasRatio(_ backends: [Backend]) -> Bool {
            backends.contains(.swift) && backends.contains(.openblas)
        }

        private static func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
    }
}
