import Foundation
import ArgumentParser
import Tensor

/// `--backend` and `--threads`: which kernels run the products and on how many threads.
struct ComputeOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Matrix-product backend: openblas or swift (default: $BILEVEL_BACKEND, else the build's default).",
        valueName: "name"))
    var backend: String?

    @Option(help: ArgumentHelp(
        "Compute threads for both backends (default: $OPENBLAS_NUM_THREADS, else all cores). Runs with sparse sample products (MNIST under --products auto) give them to the sparse kernels and keep OpenBLAS on one thread.", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp(
        "Products with the sample matrix: auto (sparse kernels when at most 40 % of the features are nonzero, as with PBGD's MNIST pixels), dense (the backend's sgemm) or sparse.",
        valueName: "auto|dense|sparse"))
    var products: String?

    func validate() throws {
        if let backend {
            do { _ = try Backend.named(backend) } catch { throw ValidationError(error.description) }
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if let products, SampleProducts(rawValue: products) == nil {
            throw ValidationError("unknown --products '\(products)'; choose one of: auto, dense, sparse")
        }
    }

    /// `OPENBLAS_NUM_THREADS` when it is a positive count, else the active cores (what OpenBLAS
    /// itself starts with).
    static var defaultThreads: Int {
        if let text = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"], let value = Int(text), value >= 1 {
            return value
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Applies the choices process-wide; call once before any work.
    func apply() throws {
        if let backend { Backend.active = try Backend.named(backend) }
        // Both backends' kernels get the same count, so `--backend swift` without `--threads` runs on
        // the default the help states, as OpenBLAS does (the pure-Swift setting alone defaults to 1).
        BLASThreads.set(threads ?? Self.defaultThreads)
        if let products, let mode = SampleProducts(rawValue: products) { SampleProducts.mode = mode }
    }
}
