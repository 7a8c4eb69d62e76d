import ArgumentParser

/// `bilevel bench`: micro-benchmarks of the numeric kernels, printed as tables or JSON lines.
///
/// Each subcommand lives in its own file as an extension, `BenchCommand+<Name>.swift`
/// (`BenchCommand+Gemm.swift` holds `gemm`); `iterations` is the default. To add one, write that
/// file and list its type in `subcommands` below.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the numeric kernels on the shapes the experiments use.",
        discussion: """
            For the full statistics (percentiles, allocations) run the package-benchmark suite: \
            swift package benchmark --target GemmBenchmarks (or IterationBenchmarks).
            """,
        subcommands: [
            Iterations.self, Gemm.self,
        ],
        defaultSubcommand: Iterations.self
    )
}
