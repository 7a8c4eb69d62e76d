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
        let plan = try SweepPlan(
            spec: try SweepSpec.load(path: spec), signatures: SweepCatalog.signatures)
        let directory = SweepDirectory(root: dir ?? "sweep-results/\(plan.spec.name)")
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let jobCount = min(jobs, cores)
        let runner = SweepTaskRunner(
            executable: executable ?? SweepCatalog.currentExecutable, directory: directory,
            sweepName: plan.spec.name, signature: plan.signature,
            threads: threads ?? (slurm.enabled ? slurm.cpusPerTask : max(1, cores / jobCount)))
        try SweepCatalog.validate(plan, runner: runner)

        if list {
            for task in plan.tasks {
                print(
                    "\(task.index)\t\(task.hash)\t\(directory.isFinished(task) ? "done" : "todo")\t\(task.label)"
                )
            }
            return
        }
        if slurm.enabled {
            try slurm.submit(plan: plan, directory: directory, executable: runner.executable)
            return
        }
        let slice = try self.slice(taskCount: plan.tasks.count)
        try directory.create()
        if slice == .all { try directory.writeManifest(plan) }
        if jobs > jobCount { printToStandardError("note: --jobs \(jobs) capped at \(cores) cores") }

        let tasks = slice.indices(taskCount: plan.tasks.count).map { plan.tasks[$0] }
        let total = plan.tasks.count
        InterruptFlag.install()
        let summary = SweepExecutor.run(tasks, jobs: jobCount, runner: runner) {
            task, outcome, seconds in
            // Finished tasks are counted in the summary only: a resumed sweep stays readable.
            if outcome != .skipped {
                printToStandardError(Self.line(task, outcome, seconds: seconds, total: total))
            }
        }
        printToStandardError(
            "sweep \(plan.spec.name): \(summary.finished) run, \(summary.skipped) already done, "
                + "\(summary.failed.count) failed, \(summary.interrupted) interrupted (\(tasks.count) tasks here, "
                + "\(total) in all) in \(directory.root)")
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
