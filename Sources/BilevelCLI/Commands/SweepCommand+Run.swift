import ArgumentParser
import Bilevel
import Foundation

/// `bilevel sweep [run] SPEC.json`: list, run locally, run one slice, or submit to Slurm.
struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the unfinished tasks of a sweep spec (default subcommand of sweep).",
        discussion: """
            Each task runs `bilevel COMMAND FLAGS --output … --quiet` as a child process and its \
            records are saved, tagged with the task, to DIR/results/HASH.jsonl (atomically: only a \
            task that succeeded has a file), HASH being a hash of the command and its flags. \
            Finished tasks are skipped, so re-running resumes a killed sweep; hyperclean tasks \
            also resume from their checkpoints. SIGTERM/SIGINT are passed on to running tasks.

            A spec with "halving" is a successive-halving search: a local run goes through its \
            stages one after the other, ranking the configurations after each; --task-index and \
            --slurm work on one stage (--stage, default the first unfinished one), so on a \
            cluster submit again when a stage is done. --list shows the stages and rankings.
            """)

    @Argument(help: ArgumentHelp("The sweep spec (JSON).", valueName: "spec.json"))
    var spec: String

    @Option(
        help: ArgumentHelp(
            "The sweep's directory (default: sweep-results/<spec name>).", valueName: "dir"))
    var dir: String?

    @Flag(help: "Print the tasks (index, hash, done/todo, parameters) and exit.")
    var list = false

    @Option(help: "Tasks run at once (capped at the number of cores).")
    var jobs = 1

    @Option(help: ArgumentHelp("BLAS threads per task (default: cores / jobs).", valueName: "n"))
    var threads: Int?

    @Option(
        name: .customLong("task-index"),
        help: ArgumentHelp(
            "Run only slice I: tasks I, I+N, I+2N, … (default: $SLURM_ARRAY_TASK_ID).",
            valueName: "I"))
    var taskIndex: Int?

    @Option(
        name: .customLong("task-count"),
        help: ArgumentHelp(
            "Number of slices N (default: $SLURM_ARRAY_TASK_COUNT, else the number of tasks).",
            valueName: "N"))
    var taskCount: Int?

    @Option(
        help: ArgumentHelp(
            "The bilevel executable the tasks run (default: this one).", valueName: "path"))
    var executable: String?

    @Option(
        help: ArgumentHelp(
            "Halving search: run this stage only (default: the first unfinished one).",
            valueName: "s"))
    var stage: Int?

    @OptionGroup(title: "Slurm")
    var slurm: SweepSlurmOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let threads, threads < 1 {
            throw ValidationError("--threads must be at least 1, got \(threads)")
        }
        if let taskCount, taskCount < 1 {
            throw ValidationError("--task-count must be at least 1, got \(taskCount)")
        }
        if taskCount != nil && taskIndex == nil {
            throw ValidationError("--task-count needs --task-index")
        }
        if slurm.enabled && (taskIndex != nil || list) {
            throw ValidationError("--slurm submits the whole sweep: no --task-index or --list")
        }
        try slurm.validate()
    }

    func run() throws {
        let spec = try SweepSpec.load(path: self.spec)
        let directory = SweepDirectory(root: dir ?? "sweep-results/\(spec.name)")
        var search = try SweepSearch(
            spec: spec, signatures: SweepCatalog.signatures, directory: directory)
        var plan = try chosenStage(of: search)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let jobCount = min(jobs, cores)
        let runner = SweepTaskRunner(
            executable: executable ?? SweepCatalog.currentExecutable, directory: directory,
            sweepName: spec.name, signature: plan.signature,
            threads: threads ?? (slurm.enabled ? slurm.cpusPerTask : max(1, cores / jobCount)))
        try SweepCatalog.validate(plan, runner: runner)

        if list {
            printList(search, directory: directory)
            return
        }
        if slurm.enabled {
            try slurm.submit(
                plan: plan, manifest: search.stages.map(\.plan), directory: directory,
                executable: runner.executable)
            return
        }
        let slice = try self.slice(taskCount: plan.tasks.count)
        try directory.create()
        if slice == .all { try directory.writeManifest(search.stages.map(\.plan)) }
        if jobs > jobCount { printToStandardError("note: --jobs \(jobs) capped at \(cores) cores") }
        InterruptFlag.install()
        while true {
            try run(plan, slice: slice, jobs: jobCount, runner: runner, directory: directory)
            // A whole local run of a halving search goes on with the next stage.
            guard spec.halving != nil, slice == .all, stage == nil else { return }
            search = try SweepSearch(
                spec: spec, signatures: SweepCatalog.signatures, directory: directory)
            if let standings = search.stages.first(where: { $0.plan.stage == plan.stage })?.standings {
                printToStandardError(Self.standingsText(standings, plan: plan).joined(separator: "\n"))
            }
            let next = search.current.plan
            guard next.stage.number > plan.stage.number else { return }
            try SweepCatalog.validate(next, runner: runner)
            try directory.writeManifest(search.stages.map(\.plan))
            plan = next
        }
    }

    /// The stage `--stage` names, else the first unfinished one.
    private func chosenStage(of search: SweepSearch) throws -> SweepPlan {
        guard let stage else { return search.current.plan }
        guard search.stages.first?.plan.spec.halving != nil else {
            throw ValidationError("--stage goes with a spec that has \"halving\"")
        }
        guard let known = search.stages.first(where: { $0.plan.stage.number == stage }) else {
            throw ValidationError(
                "--stage \(stage) is not known yet: stage \(search.current.plan.stage.number) has unfinished tasks")
        }
        return known.plan
    }

    /// Runs the slice of one stage's tasks; throws the exit status when tasks failed or a signal came.
    private func run(
        _ plan: SweepPlan, slice: SweepSlice, jobs: Int, runner: SweepTaskRunner,
        directory: SweepDirectory
    ) throws {
        let tasks = slice.indices(taskCount: plan.tasks.count).map { plan.tasks[$0] }
        let total = plan.stage.firstIndex + plan.tasks.count
        if let halving = plan.spec.halving {
            printToStandardError(
                "halving stage \(plan.stage.number): \(plan.budgetKey ?? halving.flag)="
                    + "\(halving.budgets[plan.stage.number].keyValueText), \(plan.tasks.count) tasks")
        }
        let summary = SweepExecutor.run(tasks, jobs: jobs, runner: runner) {
            task, outcome, seconds in
            // Finished tasks are counted in the summary only: a resumed sweep stays readable.
            if outcome != .skipped {
                printToStandardError(Self.line(task, outcome, seconds: seconds, total: total))
            }
        }
        printToStandardError(
            "sweep \(plan.spec.name): \(summary.finished) run, \(summary.skipped) already done, "
                + "\(summary.failed.count) failed, \(summary.interrupted) interrupted (\(tasks.count) tasks here, "
                + "\(plan.tasks.count) in all) in \(directory.root)")
        if summary.interrupted > 0 || InterruptFlag.isRaised {
            throw ExitCode(InterruptFlag.exitStatus)
        }
        if !summary.failed.isEmpty {
            printToStandardError(
                "error: tasks \(summary.failed.map(String.init).joined(separator: ", ")) failed; re-run to retry them"
            )
            throw ExitCode.failure
        }
    }

    /// `--list`: every known stage's tasks, and the ranking of each finished halving stage.
    private func printList(_ search: SweepSearch, directory: SweepDirectory) {
        for stage in search.stages {
            let plan = stage.plan
            if let halving = plan.spec.halving {
                print(
                    "# stage \(plan.stage.number): \(plan.budgetKey ?? halving.flag)="
                        + "\(halving.budgets[plan.stage.number].keyValueText), \(plan.tasks.count) tasks")
            }
            for task in plan.tasks {
                print(
                    "\(task.index)\t\(task.hash)\t\(directory.isFinished(task) ? "done" : "todo")\t\(task.label)"
                )
            }
            if let standings = stage.standings { Self.standingsText(standings, plan: plan).forEach { print($0) } }
        }
    }

    /// The ranking of a finished stage, one `#` line per configuration, best first.
    static func standingsText(_ standings: [SweepStanding], plan: SweepPlan) -> [String] {
        guard let halving = plan.spec.halving else { return [] }
        let kept = halving.survivorCount(of: standings.count)
        let last = plan.stage.number == halving.budgets.count - 1
        var lines = [
            "# ranking after stage \(plan.stage.number) (mean over seeds)"
                + (last ? "" : "; the first \(kept) go on")
        ]
        for (rank, standing) in standings.enumerated() {
            let floors = zip(halving.atLeast, standing.floors).map {
                " \($0.metric)=\(MetricValue.significant($1, digits: 6))"
            }.joined()
            lines.append(
                "# \(rank + 1). \(halving.metric)=\(MetricValue.significant(standing.score, digits: 6))\(floors)"
                    + "\(standing.meetsFloors ? "" : " (below a floor)") seeds=\(standing.seeds)  \(standing.label)")
        }
        return lines
    }

    /// The slice to run: --task-index/--task-count, else Slurm's array variables, else all.
    func slice(
        taskCount tasks: Int, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SweepSlice {
        let index =
            try taskIndex
            ?? environment["SLURM_ARRAY_TASK_ID"].map {
                try Self.integer($0, "SLURM_ARRAY_TASK_ID")
            }
        guard let index else { return .all }
        let count =
            try taskCount
            ?? (taskIndex == nil
                ? environment["SLURM_ARRAY_TASK_COUNT"].map {
                    try Self.integer($0, "SLURM_ARRAY_TASK_COUNT")
                } : nil)
            ?? tasks
        return try SweepSlice(index: index, count: count, taskCount: tasks)
    }

    private static func integer(_ text: String, _ variable: String) throws -> Int {
        guard let value = Int(text) else {
            throw ValidationError("$\(variable) is not an integer: '\(text)'")
        }
        return value
    }

    /// The progress line of one task.
    static func line(
        _ task: SweepTask, _ outcome: SweepTaskRunner.Outcome, seconds: Double, total: Int
    ) -> String {
        let head = "[\(task.index + 1)/\(total)] \(task.hash)"
        switch outcome {
        case .skipped: return "\(head) already done  \(task.label)"
        case .finished(let records):
            return
                "\(head) done in \(String(format: "%.1f", seconds)) s (\(records) records)  \(task.label)"
        case .failed(let reason): return "\(head) FAILED: \(reason)  \(task.label)"
        case .interrupted: return "\(head) interrupted (no result written)  \(task.label)"
        }
    }
}
