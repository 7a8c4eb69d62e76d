import ArgumentParser
import Bilevel
import Foundation

/// `--slurm` and its options: write an sbatch job-array script for the sweep and submit it.
struct SweepSlurmOptions: ParsableArguments {
    @Flag(
        name: .customLong("slurm"),
        help: "Submit the sweep as a Slurm job array (sbatch) instead of running it.")
    var enabled = false

    @Option(help: ArgumentHelp("Slurm partition (default: the cluster's).", valueName: "name"))
    var partition: String?

    @Option(
        help: ArgumentHelp(
            "Time limit per task, as sbatch reads it (e.g. 2:00:00).", valueName: "limit"))
    var time: String?

    @Option(
        name: .customLong("cpus-per-task"),
        help: ArgumentHelp("CPUs per array element; also each task's --threads.", valueName: "n"))
    var cpusPerTask = 1

    @Option(
        name: .customLong("max-parallel"),
        help: ArgumentHelp("Array elements running at once (--array=…%M).", valueName: "M"))
    var maxParallel: Int?

    @Flag(
        name: .customLong("dry-run"),
        help: "With --slurm: write the script and print its path, do not submit.")
    var dryRun = false

    func validate() throws {
        guard cpusPerTask >= 1 else {
            throw ValidationError("--cpus-per-task must be at least 1, got \(cpusPerTask)")
        }
        if let maxParallel, maxParallel < 1 {
            throw ValidationError("--max-parallel must be at least 1, got \(maxParallel)")
        }
        if !enabled && (dryRun || partition != nil || time != nil || maxParallel != nil) {
            throw ValidationError(
                "--dry-run, --partition, --time and --max-parallel go with --slurm")
        }
    }

    /// The script for `plan`, its elements running `executable` on the spec in `directory`.
    func script(
        plan: SweepPlan, directory: SweepDirectory, executable: String, workingDirectory: String
    ) -> SlurmScript {
        let absolute = { (path: String) in
            URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory))
                .standardizedFileURL.path
        }
        return SlurmScript(
            jobName: "bilevel-\(plan.spec.name)", taskCount: plan.tasks.count,
            maxParallel: maxParallel,
            partition: partition, time: time, cpusPerTask: cpusPerTask,
            logDirectory: absolute(directory.slurmLogDirectory), workingDirectory: workingDirectory,
            command: [
                absolute(executable), "sweep", absolute(plan.spec.path), "--dir",
                absolute(directory.root),
                "--threads", String(cpusPerTask),
            ] + (plan.spec.halving == nil ? [] : ["--stage", String(plan.stage.number)]))
    }

    /// Writes the manifest and the script; submits it with `sbatch` unless --dry-run.
    ///
    /// stdout gets the script path (dry run) or the job id; notes go to stderr.
    func submit(
        plan: SweepPlan, manifest: [SweepPlan], directory: SweepDirectory, executable: String
    ) throws {
        try directory.create()
        do {
            try FileManager.default.createDirectory(
                atPath: directory.slurmLogDirectory, withIntermediateDirectories: true)
        } catch {
            throw SweepError.io(
                path: directory.slurmLogDirectory, reason: "cannot create directory")
        }
        try directory.writeManifest(manifest)
        let script = script(
            plan: plan, directory: directory, executable: executable,
            workingDirectory: FileManager.default.currentDirectoryPath)
        try ResultFile.write(lines: [script.text], to: directory.slurmScriptPath)
        if dryRun {
            print(directory.slurmScriptPath)
            return
        }
        let jobID = try Self.sbatch(directory.slurmScriptPath)
        print(jobID)
        printToStandardError(
            "submitted job \(jobID): array \(script.arraySpec) of \(plan.tasks.count) tasks; "
                + "collect with: bilevel sweep collect \(directory.root)")
        if let halving = plan.spec.halving, plan.stage.number + 1 < halving.budgets.count {
            printToStandardError(
                "halving stage \(plan.stage.number) of \(halving.budgets.count): when it is done, submit again for the next stage")
        }
    }

    /// Runs `sbatch --parsable script` and returns the job id.
    static func sbatch(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch", "--parsable", script]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw SweepError.io(
                path: script, reason: "cannot run sbatch: \(error.localizedDescription)")
        }
        let text = String(
            decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason =
                errorText.split(separator: "\n").last.map(String.init)
                ?? "exit status \(process.terminationStatus)"
            throw SweepError.io(
                path: script, reason: "sbatch failed (\(reason)); the script is kept there")
        }
        // --parsable prints "jobid" or "jobid;cluster".
        return String(text.split(separator: ";").first ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
    }
}
