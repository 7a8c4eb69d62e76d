/// An sbatch script running a sweep as a Slurm job array: element `i` runs
/// `bilevel sweep SPEC --task-index i --task-count N`.
///
/// Slurm does the scheduling; each element skips its task if the result exists and resumes it
/// from its checkpoint otherwise, so resubmitting after a time limit finishes the sweep. At a
/// time limit Slurm sends SIGTERM, which the element passes to its task (no partial result).
public struct SlurmScript: Sendable, Equatable {
    /// `--job-name`.
    public var jobName: String
    /// Array elements (the number of tasks).
    public var taskCount: Int
    /// `%M` throttle: elements running at once (nil: no limit).
    public var maxParallel: Int?
    /// `--partition` (nil: the cluster's default).
    public var partition: String?
    /// `--time` (nil: the partition's default).
    public var time: String?
    /// `--cpus-per-task`, also each task's `--threads`.
    public var cpusPerTask: Int
    /// Where the array writes `%A_%a.out` files.
    public var logDirectory: String
    /// The directory the elements run in (relative paths of the spec resolve there).
    public var workingDirectory: String
    /// The command of every element, up to but without `--task-index`.
    public var command: [String]

    /// A script.
    public init(
        jobName: String, taskCount: Int, maxParallel: Int?, partition: String?, time: String?,
        cpusPerTask: Int, logDirectory: String, workingDirectory: String, command: [String]
    ) {
        self.jobName = jobName
        self.taskCount = taskCount
        self.maxParallel = maxParallel
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.logDirectory = logDirectory
        self.workingDirectory = workingDirectory
        self.command = command
    }

    /// The `--array` value: `0-(N-1)`, then `%M` when throttled.
    public var arraySpec: String {
        "0-\(taskCount - 1)" + (maxParallel.map { "%\($0)" } ?? "")
    }

    /// The script text.
    public var text: String {
        var lines = [
            "#!/bin/bash",
            "#SBATCH --job-name=\(jobName)",
            "#SBATCH --array=\(arraySpec)",
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --output=\(logDirectory)/%A_%a.out",
        ]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        lines += [
            "# Written by `bilevel sweep --slurm`: one array element per task; re-submit to resume.",
            "set -eu",
            "cd \(Self.quoted(workingDirectory))",
            "export OPENBLAS_NUM_THREADS=\(cpusPerTask)",
            // exec: the element's SIGTERM (time limit, scancel) reaches the sweep, which forwards it.
            "exec " + command.map(Self.quoted).joined(separator: " ")
                + " --task-index \"$SLURM_ARRAY_TASK_ID\" --task-count \(taskCount)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `word` quoted for a POSIX shell when it needs it.
    static func quoted(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+%@".contains($0) }
        return plain
            ? word
            : "'"
                + word.split(separator: "'", omittingEmptySubsequences: false).joined(
                    separator: "'\\''") + "'"
    }
}
