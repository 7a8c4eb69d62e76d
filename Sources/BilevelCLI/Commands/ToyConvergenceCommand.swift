import ArgumentParser

/// `bilevel toy-convergence`: the PBGD toy numerical-verification experiment (PBGD.md §1).
///
/// A command group: `run` (the default, so `bilevel toy-convergence --method g_pbgd` runs the
/// experiment) and `search`.
struct ToyConvergenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toy-convergence",
        abstract: "V-PBGD / G-PBGD on the toy problem from 1000 random starts per seed.",
        discussion: """
            `bilevel toy-convergence [run] [options]` runs the experiment (run is the default \
            subcommand); `bilevel toy-convergence search` grid-searches the strategy.
            """,
        subcommands: [ToyRunCommand.self, ToySearchCommand.self],
        defaultSubcommand: ToyRunCommand.self
    )
}
