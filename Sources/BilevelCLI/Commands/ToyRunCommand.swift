import ArgumentParser
import Bilevel
import Tensor

/// `bilevel toy-convergence [run]`: one toy experiment, benchmark output.
struct ToyRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the toy experiment (default subcommand of toy-convergence).",
        discussion: """
            Reproduces the benchmark's toy protocol: starts x0 ~ U(0, 3.5), y0 ~ U(-5, 8.5) drawn by \
            CPython's random.Random(seed), gamma 10, alpha = alpha0 / gamma = 0.01, x projected to \
            [0, 3], stop when the projected-gradient norm is <= 1e-5 (cap 20000 steps). Prints one \
            TRAIN_METRICS line per start and one FINAL_METRICS line (means over seeds; published: \
            v_pbgd 260.712, g_pbgd 303.686 with --toy-df official over seeds 42,123,456). Strategy: \
            the preset (default baseline) or --strategy file, then --method/--gammas/--alpha0 on top.
            """
    )

    @OptionGroup(title: "Strategy")
    var strategy: ToyStrategyOptions

    @OptionGroup(title: "Protocol")
    var protocolOptions: ToyProtocolOptions

    @OptionGroup(title: "Output")
    var output: OutputOptions

    func validate() throws {
        let settings = try protocolOptions.settings(
            strategy: .baseline, defaultSeeds: ToyConvergenceSettings.publishedSeeds)
        try validationCheck { () throws(ToyConvergenceError) in try settings.validated() }
    }

    func run() throws {
        let settings = try protocolOptions.settings(
            strategy: try strategy.strategyValue(),
            defaultSeeds: ToyConvergenceSettings.publishedSeeds)
        try settings.validated()
        let file = try output.openFile()
        let result = try ToyConvergence.run(settings)
        // stdout keeps the benchmark's keys; the file adds each start's final x and y.
        try output.emit(result.records(backend: Backend.swift.rawValue), to: nil)
        for record in result.records(backend: Backend.swift.rawValue, includeFinalIterate: true) { try file?.append(record) }
        try file?.commit()
    }
}
