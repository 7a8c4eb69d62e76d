import Foundation

/// The files of one sweep under its directory.
///
/// ```
/// DIR/manifest.json          every task: index, hash, parameters (written by a full run or --slurm)
/// DIR/results/HASH.jsonl     one finished task: its records, each tagged with the task
/// DIR/work/HASH.PID.jsonl    a running task's output (removed when it ends)
/// DIR/work/HASH.ckpt         a resumable task's checkpoint (removed when it finishes)
/// DIR/logs/HASH.log          the task's stdout and stderr, appended over attempts
/// DIR/sweep.sbatch           the Slurm script; DIR/slurm/ the array's output files
/// ```
///
/// A task is finished exactly when its result file exists: that file is only ever created by a
/// rename of a complete, synced temporary file.
public struct SweepDirectory: Sendable, Equatable {
    /// The sweep's directory.
    public let root: String

    /// The directory at `root` (not created yet; see ``create()``).
    public init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// Where finished tasks are.
    public var resultsDirectory: String { "\(root)/results" }
    /// The task list.
    public var manifestPath: String { "\(root)/manifest.json" }
    /// The Slurm batch script.
    public var slurmScriptPath: String { "\(root)/sweep.sbatch" }
    /// The Slurm array's output files.
    public var slurmLogDirectory: String { "\(root)/slurm" }

    /// The result file of the task with `hash`.
    public func resultPath(hash: String) -> String { "\(resultsDirectory)/\(hash).jsonl" }
    /// The output file a running task's command writes (unique to this process).
    public func outputPath(hash: String) -> String { "\(root)/work/\(hash).\(getpid()).jsonl" }
    /// The checkpoint of the task with `hash`.
    public func checkpointPath(hash: String) -> String { "\(root)/work/\(hash).ckpt" }
    /// The log of the task with `hash`.
    public func logPath(hash: String) -> String { "\(root)/logs/\(hash).log" }

    /// Creates the directory and its subdirectories (idempotent).
    ///
    /// - Throws: ``SweepError/io(path:reason:)``.
    public func create() throws(SweepError) {
        for directory in [root, resultsDirectory, "\(root)/work", "\(root)/logs"] {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .io(
                    path: directory,
                    reason: "cannot create directory: \(error.localizedDescription)")
            }
        }
    }

    /// Whether `task` has its result file.
    public func isFinished(_ task: SweepTask) -> Bool {
        FileManager.default.fileExists(atPath: resultPath(hash: task.hash))
    }

    /// Writes the task list of `plan` (atomically).
    ///
    /// - Throws: ``SweepError/io(path:reason:)``.
    public func writeManifest(_ plan: SweepPlan) throws(SweepError) {
        try writeManifest([plan])
    }

    /// Writes the tasks of `plans` (the known stages of a search, in order) as one list.
    ///
    /// - Throws: ``SweepError/io(path:reason:)``.
    public func writeManifest(_ plans: [SweepPlan]) throws(SweepError) {
        guard let spec = plans.first?.spec else { return }
        let all = plans.flatMap(\.tasks)
        let tasks = all.map { $0.tag(sweepName: spec.name) }.joined(separator: ",\n")
        let text =
            "{\"name\":\(MetricValue.jsonQuoted(spec.name)),\"spec\":\(MetricValue.jsonQuoted(spec.path)),"
            + "\"command\":\(MetricValue.jsonQuoted(spec.command)),\"task_count\":\(all.count),\"tasks\":[\n\(tasks)\n]}\n"
        try AtomicFile.write(text, to: manifestPath)
    }

    /// The task hashes of the manifest, by task index; nil when there is no manifest.
    ///
    /// - Throws: ``SweepError/io(path:reason:)`` for an unreadable or malformed manifest.
    public func manifestHashes() throws(SweepError) -> [String]? {
        guard let data = FileManager.default.contents(atPath: manifestPath) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let tasks = object["tasks"] as? [[String: Any]]
        else { throw .io(path: manifestPath, reason: "not a sweep manifest") }
        var hashes: [String] = []
        for task in tasks {
            guard let hash = task["hash"] as? String else {
                throw .io(path: manifestPath, reason: "a task has no hash")
            }
            hashes.append(hash)
        }
        return hashes
    }
}
