import ArgumentParser
import Bilevel
import Tensor

/// The `bilevel` command: bilevel optimisation experiments on OpenBLAS.
@main
struct BilevelCommand: ParsableCommand {
    static func main() {
        // Before anything touches BLAS: make OpenBLAS use the CPU's real kernels (see
        // OpenBLASCoreSelection for the misdetection this works around).
        OpenBLASCoreSelection.reexecIfMisdetected()
        Self.main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "bilevel",
        abstract: "Bilevel optimization experiments (PBGD, RHG, stochastic solvers) on OpenBLAS.",
        version: VersionText.make(),
        subcommands: [
            DataCommand.self, ToyConvergenceCommand.self, HyperCleanCommand.self, SolveCommand.self,
            BenchCommand.self, SummarizeCommand.self, ReportCommand.self, SweepCommand.self,
        ]
    )
}

/// The text of `bilevel --version`: version, backend and BLAS threads.
enum VersionText {
    static func make() -> String {
        var lines = [
            "bilevel \(BilevelKit.version)",
            "backend: \(Backend.active) (compiled: \(Backend.available.map(\.rawValue).joined(separator: ", ")))",
            "blas threads: \(BLASThreads.count)",
        ]
        if let config = BLASThreads.libraryConfiguration { lines.append("openblas: \(config)") }
        if let core = OpenBLASCoreSelection.coreName { lines.append("openblas kernels: \(core)") }
        return lines.joined(separator: "\n")
    }
}
