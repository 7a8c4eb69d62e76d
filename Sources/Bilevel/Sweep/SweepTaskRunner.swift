import Foundation

/// Runs one sweep task as a child process of the `bilevel` executable and, only when it succeeds,
/// publishes its result file.
///
/// The child gets the task's arguments plus `--output DIR/work/HASH.PID.jsonl --quiet` (and
/// `--threads N`, and for commands with checkpoints `--checkpoint DIR/work/HASH.ckpt`, plus
/// `--resume` when that checkpoint exists). When it exits with status 0 and its output is JSON
/// Lines with a final record, every line is tagged with the task (``SweepTask/tag(sweepName:)``)
/// and written to `DIR/results/HASH.jsonl` atomically (temporary file, fsync, rename). Any other
/// ending — failure, a signal, a SIGTERM forwarded from the sweep — leaves no result file, and a
/// checkpoint (if any) stays for the next attempt.
public struct SweepTaskRunner: Sendable {
    /// The program to run (the `bilevel` executable).
    public var executable: String
    /// The sweep's directory.
    public var directory: SweepDirectory
    /// The sweep's name, in every tag.
    public var sweepName: String
    /// The command's signature (threads and checkpoint support).
    public var signature: SweepCommandSignature
    /// BLAS threads per task, passed as `--threads` when the command takes it.
    public var threads: Int?

    /// How a task ended.
    public enum Outcome: Sendable, Equatable {
        /// Its result file existed already.
        case skipped
        /// It ran and its result file was written; `records` lines.
        case finished(records: Int)
        /// It failed; nothing was written. The reason names the log.
        case failed(reason: String)
        /// The sweep was interrupted (SIGINT/SIGTERM) while it ran; nothing was written.
        case interrupted
    }

    /// A runner.
    public init(
        executable: String, directory: SweepDirectory, sweepName: String,
        signature: SweepCommandSignature, threads: Int?
    ) {
        self.executable = executable
        self.directory = directory
        self.sweepName = sweepName
        self.signature = signature
        self.threads = threads
    }

    /// Whether `task` resumes from a checkpoint: the command supports one and runs one seed.
    public func usesCheckpoint(_ task: SweepTask) -> Bool {
        signature.checkpoints && !task.arguments.contains { $0.hasPrefix("--seeds=") }
    }

    /// The child's arguments for `task` (after the executable), writing to `output`.
    public func childArguments(for task: SweepTask, output: String) -> [String] {
        var arguments = task.arguments + ["--output", output, "--quiet"]
        if let threads, signature.takesThreads { arguments += ["--threads", String(threads)] }
        if usesCheckpoint(task) {
            let checkpoint = directory.checkpointPath(hash: task.hash)
            arguments += ["--checkpoint", checkpoint]
            if FileManager.default.fileExists(atPath: checkpoint) {
                arguments += ["--resume", checkpoint]
            }
        }
        return arguments
    }

    /// Runs `task` unless it is finished; blocks until it ends.
    public func run(_ task: SweepTask) -> Outcome {
        if directory.isFinished(task) { return .skipped }
        let output = directory.outputPath(hash: task.hash)
        let log = directory.logPath(hash: task.hash)
        defer {
            unlink(output)
            unlink(output + ".tmp")
        }
        let arguments = childArguments(for: task, output: output)
        appendLine(
            "== task \(task.index) \(task.hash) \(Date()): \(([executable] + arguments).joined(separator: " "))",
            to: log)
        let termination: ChildProcess.Termination
        do {
            termination = try ChildProcess.spawn(
                executable: executable, arguments: arguments, logPath: log
            ).wait()
        } catch {
            return .failed(reason: error.description)
        }
        guard termination == .exited(0) else {
            if InterruptFlag.isRaised { return .interrupted }
            return .failed(reason: "\(termination.text); log: \(log)")
        }
        do {
            let lines = try taggedLines(of: output, task: task)
            try AtomicFile.write(
                lines.map { $0 + "\n" }.joined(), to: directory.resultPath(hash: task.hash))
            if usesCheckpoint(task) { unlink(directory.checkpointPath(hash: task.hash)) }
            return .finished(records: lines.count)
        } catch {
            return .failed(reason: "\(error.description); log: \(log)")
        }
    }

    /// The lines of the child's output file, each tagged with `task`.
    ///
    /// - Throws: ``SweepError/io(path:reason:)`` when the file is missing, a line is not a JSON
    ///   object, or no line is a final record.
    func taggedLines(of output: String, task: SweepTask) throws(SweepError) -> [String] {
        guard let data = FileManager.default.contents(atPath: output) else {
            throw .io(path: output, reason: "the command wrote no output file")
        }
        let tag = task.tag(sweepName: sweepName)
        var tagged: [String] = []
        var hasFinal = false
        for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n")
            .enumerated()
        {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8))
                    as? [String: Any], line.hasSuffix("}")
            else { throw .io(path: output, reason: "line \(number + 1) is not a JSON object") }
            if object["record"] as? String == "final" { hasFinal = true }
            let body = line.dropLast().trimmingCharacters(in: .whitespaces)
            tagged.append(body + (body == "{" ? "" : ",") + "\"sweep\":" + tag + "}")
        }
        guard hasFinal else {
            throw .io(path: output, reason: "no final record (the run did not finish)")
        }
        return tagged
    }

    private func appendLine(_ line: String, to path: String) {
        guard let handle = fopen(path, "ae") else { return }  // e: close-on-exec
        fputs(line + "\n", handle)
        fclose(handle)
    }
}
