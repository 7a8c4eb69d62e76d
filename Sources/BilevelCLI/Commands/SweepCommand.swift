import ArgumentParser

/// `bilevel sweep` (alias `bilevel grid`): grids of experiment runs, locally or as a Slurm array.
///
/// A command group: `run` (the default, so `bilevel sweep SPEC.json` runs the sweep) and
/// `collect`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract:
            "Run a grid of experiments (toy-convergence, hyperclean, solve) locally or on Slurm.",
        discussion: """
            `bilevel sweep SPEC.json` expands the spec into numbered tasks and runs the unfinished \
            ones (--jobs in parallel, or one slice with --task-index, or as a Slurm array with \
            --slurm); `bilevel sweep collect DIR` merges the results into one JSON Lines file. \
            `bilevel grid` is the same command.
            """,
        subcommands: [SweepRunCommand.self, SweepCollectCommand.self],
        defaultSubcommand: SweepRunCommand.self,
        aliases: ["grid"]
    )
}
