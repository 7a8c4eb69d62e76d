import ArgumentParser
import Bilevel
import Foundation
import Tensor

extension BenchCommand {
    /// `bilevel bench iterations` (also plain `bilevel bench`): the cost of one V-PBGD / G-PBGD
    /// iteration per (net, method, backend, threads), against its gemms alone and the roofline.
    struct Iterations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time full PBGD iterations against their gemms and the roofline.",
            discussion: """
                Runs V-PBGD and G-PBGD (baseline strategy) on MNIST-shaped synthetic data (5000 \
                train / 5000 validation rows x 784, 10 classes; no dataset files needed) and \
                prints per (net, method, backend, sample products, threads): the median ms per \
                iteration, GFLOP/s (the dense algorithm's FLOPs per second, also for the sparse \
                rows), GFLOP per iteration, gemm_ms (the iteration's products alone, run back to \
                back and timed alternately with the iterations, in the same thread setting: \
                gemms, and under 'sparse' the sparse kernels for the products with the sample \
                matrix), overhead = ms/iter / gemm_ms, \
                roofline_ms (the larger of two bounds: the dense FLOPs at this run's \
                large-square sgemm rate, the best backend's at that thread count, and the bytes \
                of the 5000x784 sample matrix read once per product that uses it at the \
                streaming bandwidth measured with that many threads; '(mem)' marks the second; \
                the sparse kernels skip 81 % of the FLOPs and can beat it) and the projected \
                wall time of a full baseline run (outer_itr x \
                ms/iter, evaluation not included). With --json, one JSON object per line with \
                keys net, method, backend, products, threads, ms_per_iter, gemm_ms, overhead, \
                roofline_ms, roofline_bound (flops or memory), gflops.
                """
        )

        @Flag(help: "Print one JSON object per line instead of a table.")
        var json = false

        @Option(help: "Timed iterations per row (after the warm-up); 1 is a smoke test.")
        var iterations = 20

        @Option(help: "Untimed iterations before timing (at least 1: the steady state).")
        var warmUp = 2

        @Option(
            help: """
                Timed products of the roofline square (default: --iterations, at most 15).
                """)
        var gemmRepetitions: Int?

        @Option(help: "Size of the square sgemm whose rate defines the roofline.")
        var rooflineSize = 2000

        @Option(help: ArgumentHelp("Networks, comma-separated.", valueName: "linear,mlp"))
        var nets = "linear,mlp"

        @Option(help: ArgumentHelp("Methods, comma-separated.", valueName: "v_pbgd,g_pbgd"))
        var methods = "v_pbgd,g_pbgd"

        @Option(
            help: ArgumentHelp(
                "Sample-matrix products to time, comma-separated: dense (gemm) and/or sparse.",
                valueName: "dense,sparse"))
        var products = "dense,sparse"

        @Option(help: ArgumentHelp("Thread counts, comma-separated.", valueName: "1,2"))
        var threads = "1"

        @Option(
            help: ArgumentHelp(
                "Backends, comma-separated (default: every compiled one).",
                valueName: "openblas,swift"))
        var backends = Backend.available.map(\.rawValue).joined(separator: ",")

        func validate() throws {
            guard iterations >= 1 else {
                throw ValidationError("--iterations must be at least 1, got \(iterations)")
            }
            guard warmUp >= 1 else {
                throw ValidationError("--warm-up must be at least 1, got \(warmUp)")
            }
            if let gemmRepetitions, gemmRepetitions < 1 {
                throw ValidationError("--gemm-repetitions must be at least 1, got \(gemmRepetitions)")
            }
            guard rooflineSize >= 1 else {
                throw ValidationError("--roofline-size must be at least 1, got \(rooflineSize)")
            }
            _ = try selection()
        }

        func run() throws {
            try execute { line in
                print(line)
                fflush(nil)  // one row at a time, also when stdout is a pipe
            }
        }

        /// Runs the benchmark, handing each output line (header, rows) to `write` as it is ready.
        func execute(write: (String) -> Void) throws {
            let (workloads, backendList, threadList) = try selection()
            let productList = try Self.list(products, option: "--products") { name in
                SampleProducts(rawValue: name).flatMap { $0 == .auto ? nil : $0 }
            }
            if !json { write(Self.header) }
            let data = IterationWorkload.syntheticData()
            let repetitions = gemmRepetitions ?? min(iterations, 15)
            for threadCount in threadList {
                // The roofline rate: the large square on every selected backend, the best one.
                let square = IterationWorkload.rooflineShape(size: rooflineSize)
                let roofline =
                    backendList.map {
                        measureGemm(
                            square, backend: $0, repetitions: repetitions, threads: threadCount,
                            warmUp: 1
                        ).gflops
                    }.max() ?? 0
                let bandwidth = StreamingBandwidth.measure(threads: threadCount)
                for backend in backendList {
                    for mode in productList {
                        for workload in workloads {
                            let measurement = measureIteration(
                                workload, data: data, backend: backend, threads: threadCount,
                                products: mode, iterations: iterations, warmUp: warmUp,
                                rooflineGFLOPS: roofline, bandwidth: bandwidth)
                            if !measurement.isFinite {
                                FileHandle.standardError.write(
                                    Data(
                                        ("warning: \(workload) on \(backend) diverged (losses "
                                            + "\(measurement.lastLog)); its time is not typical\n").utf8))
                            }
                            write(json ? Self.jsonLine(measurement) : Self.tableRow(measurement))
                        }
                    }
                }
            }
        }

        /// The workloads, backends and thread counts named by the options.
        ///
        /// - Throws: `ValidationError` naming the bad entry and the choices.
        func selection() throws -> ([IterationWorkload], [Backend], [Int]) {
            let netList = try Self.list(nets, option: "--nets") { NetworkKind(rawValue: $0) }
            let methodList = try Self.list(methods, option: "--methods") {
                IterationWorkload.Method(rawValue: $0)
            }
            let backendList = try Self.list(backends, option: "--backends") { name in
                try? Backend.named(name)
            }
            let threadList = try Self.list(threads, option: "--threads") { text in
                Int(text).flatMap { (1...256).contains($0) ? $0 : nil }
            }
            let workloads = netList.flatMap { net in
                methodList.map { IterationWorkload(network: net, method: $0) }
            }
            return (workloads, backendList, threadList)
        }

        private static func list<T>(
            _ text: String, option: String, _ parse: (String) -> T?
        ) throws -> [T] {
            let entries = text.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !entries.isEmpty else { throw ValidationError("\(option) is empty") }
            return try entries.map { entry in
                guard let value = parse(entry) else {
                    throw ValidationError("\(option): '\(entry)' is not a valid choice")
                }
                return value
            }
        }

        static let header = [
            pad("net", 7), pad("method", 7), pad("backend", 9), pad("products", 9), pad("thr", 4), pad("ms/iter", 9),
            pad("GFLOP/s", 8), pad("GFLOP/it", 9), pad("gemm_ms", 9), pad("overhead", 9),
            pad("roofline_ms", 12), "full run",
        ].joined(separator: " ")

        static func tableRow(_ m: IterationMeasurement) -> String {
            [
                pad(m.workload.network.rawValue, 7), pad(m.workload.method.rawValue, 7),
                pad(m.backend.rawValue, 9), pad(m.products.rawValue, 9), pad("\(m.threads)", 4),
                pad(String(format: "%.2f", m.msPerIteration), 9),
                pad(String(format: "%.1f", m.gflops), 8),
                pad(String(format: "%.3f", m.workload.flops / 1e9), 9),
                pad(String(format: "%.2f", m.gemmMs), 9),
                pad(String(format: "%.2f", m.overhead), 9),
                pad(String(format: "%.2f", m.rooflineMs) + (m.rooflineBound == .memory ? " (mem)" : ""), 12),
                "\(ProgressLine.duration(m.projectedRunSeconds)) (\(m.workload.strategy.outerItr) it)",
            ].joined(separator: " ")
        }

        /// One JSON object: `{"net":"linear","method":"v_pbgd","backend":"openblas","products":"dense","threads":1,`
        /// `"ms_per_iter":…,"gemm_ms":…,"overhead":…,"roofline_ms":…,"gflops":…}` (keys in
        /// this order).
        static func jsonLine(_ m: IterationMeasurement) -> String {
            let fields = [
                "\"net\":\"\(m.workload.network.rawValue)\"",
                "\"method\":\"\(m.workload.method.rawValue)\"",
                "\"backend\":\"\(m.backend.rawValue)\"", "\"products\":\"\(m.products.rawValue)\"",
                "\"threads\":\(m.threads)",
                "\"ms_per_iter\":" + String(format: "%.4f", m.msPerIteration),
                "\"gemm_ms\":" + String(format: "%.4f", m.gemmMs),
                "\"overhead\":" + String(format: "%.4f", m.overhead),
                "\"roofline_ms\":" + String(format: "%.4f", m.rooflineMs),
                "\"roofline_bound\":\"\(m.rooflineBound.rawValue)\"",
                "\"gflops\":" + String(format: "%.3f", m.gflops),
            ]
            return "{" + fields.joined(separator: ",") + "}"
        }

        private static func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
    }
}
