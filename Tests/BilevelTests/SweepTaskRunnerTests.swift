import Foundation
import Testing

@testable import Bilevel

/// Running tasks through a stand-in executable (a shell script that behaves like a command):
/// atomic results, skipping, checkpoints, collecting.
@Suite struct SweepTaskRunnerTests {
    /// A stand-in for `bilevel`: writes a train line to --output, then fails if `--mode=fail`,
    /// else appends a final line echoing its arguments. `--mode=checkpoint` fails once after
    /// creating the --checkpoint file and succeeds when given --resume.
    static let fakeCommand = """
        #!/bin/sh
        out=; ckpt=; resume=; mode=
        for a in "$@"; do case "$a" in --mode=*) mode=${a#--mode=};; esac; done
        while [ $# -gt 0 ]; do
          case "$1" in --output) out=$2;; --checkpoint) ckpt=$2;; --resume) resume=$2;; esac; shift
        done
        printf '{"record":"train","step":1}\\n' > "$out"
        if [ "$mode" = fail ]; then echo "failing on purpose" >&2; exit 3; fi
        if [ "$mode" = checkpoint ] && [ -z "$resume" ]; then : > "$ckpt"; exit 130; fi
        printf '{"record":"final","mode":"%s","resumed":%s}\\n' "$mode" "$( [ -n "$resume" ] && echo true || echo false )" >> "$out"
        """

    struct Sandbox {
        var root: URL
        var executable: String
        var directory: SweepDirectory

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "sweep-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            executable = root.appendingPathComponent("fake").path
            try SweepTaskRunnerTests.fakeCommand.write(
                toFile: executable, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: executable)
            directory = SweepDirectory(root: root.appendingPathComponent("sweep").path)
            try directory.create()
        }

        func runner(_ plan: SweepPlan) -> SweepTaskRunner {
            SweepTaskRunner(
                executable: executable, directory: directory, sweepName: plan.spec.name,
                signature: plan.signature, threads: 2)
        }

        func files(_ subdirectory: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: "\(directory.root)/\(subdirectory)")
                .sorted()
        }
    }

    static let signature = SweepCommandSignature(
        name: "fake", commandArguments: ["run"],
        flags: [
            "mode": .option, "seed": .option, "output": .option, "quiet": .flag, "threads": .option,
            "checkpoint": .option, "resume": .option,
        ])

    func plan(_ modes: [String]) throws -> SweepPlan {
        let list = modes.map { "\"\($0)\"" }.joined(separator: ", ")
        return try sweepTestPlan(
            #"{"name": "t", "command": "fake", "grid": [{"mode": [\#(list)]}]}"#,
            signature: Self.signature)
    }

    @Test func successPublishesTaggedLinesAndFailureLeavesNothing() throws {
        let sandbox = try Sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox.root) }
        let plan = try plan(["ok", "fail"])
        let runner = sandbox.runner(plan)
        #expect(runner.run(plan.tasks[0]) == .finished(records: 2))
        guard case .failed(let reason) = runner.run(plan.tasks[1]) else {
            Issue.record("the failing task did not fail")
            return
        }
        #expect(reason.hasPrefix("exit status 3; log: "))
        // Only the successful task has a result; the failed one's partial output is gone.
        #expect(try sandbox.files("results") == ["\(plan.tasks[0].hash).jsonl"])
        #expect(try sandbox.files("work") == [])
        let lines = try String(
            contentsOfFile: sandbox.directory.resultPath(hash: plan.tasks[0].hash), encoding: .utf8
        )
        .split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[0].hasPrefix(#"{"record":"train","step":1,"sweep":{"name":"t","task":0,"hash":""#)
        )
        #expect(
            lines[1].contains(#""resumed":false,"sweep":"#)
                && lines[1].hasSuffix(#""params":{"mode":"ok"}}}"#))
        let log = try String(
            contentsOfFile: sandbox.directory.logPath(hash: plan.tasks[1].hash), encoding: .utf8)
        #expect(log.contains("failing on purpose"))
        #expect(log.contains("run --mode=fail --output "))
        #expect(log.contains("--quiet --threads 2 --checkpoint "))
    }

    @Test func finishedTasksAreSkipped() throws {
        let sandbox = try Sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox.root) }
        let plan = try plan(["ok"])
        let runner = sandbox.runner(plan)
        #expect(runner.run(plan.tasks[0]) == .finished(records: 2))
        let path = sandbox.directory.resultPath(hash: plan.tasks[0].hash)
        try "kept\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(runner.run(plan.tasks[0]) == .skipped)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept\n")
    }

    @Test func aTaskResumesFromItsCheckpoint() throws {
        let sandbox = try Sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox.root) }
        let plan = try plan(["checkpoint"])
        let runner = sandbox.runner(plan)
        let checkpoint = sandbox.directory.checkpointPath(hash: plan.tasks[0].hash)
        #expect(
            runner.run(plan.tasks[0])
                == .failed(
                    reason:
                        "exit status 130; log: \(sandbox.directory.logPath(hash: plan.tasks[0].hash))"
                ))
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        #expect(try sandbox.files("results") == [])
        #expect(
            runner.childArguments(for: plan.tasks[0], output: "o").suffix(4) == [
                "--checkpoint", checkpoint, "--resume", checkpoint,
            ])
        #expect(runner.run(plan.tasks[0]) == .finished(records: 2))
        #expect(
            try String(
                contentsOfFile: sandbox.directory.resultPath(hash: plan.tasks[0].hash),
                encoding: .utf8
            ).contains(#""resumed":true"#))
        #expect(!FileManager.default.fileExists(atPath: checkpoint))
    }

    @Test func executorRunsEverythingAndCollectMergesInTaskOrder() throws {
        let sandbox = try Sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox.root) }
        let plan = try plan(["a", "b", "fail", "c", "d"])
        try sandbox.directory.writeManifest(plan)
        let summary = SweepExecutor.run(plan.tasks, jobs: 3, runner: sandbox.runner(plan)) {
            _, _, _ in
        }
        #expect(
            summary == SweepExecutor.Summary(finished: 4, skipped: 0, failed: [2], interrupted: 0))
        let collection = try SweepCollector(directory: sandbox.directory).collect()
        #expect(collection.collected == 4 && collection.missing == [2])
        #expect(collection.lines.count == 8)
        #expect(
            collection.lines.map { SweepCollector.taskIndex(of: $0) } == [0, 0, 1, 1, 3, 3, 4, 4])
        // Without the manifest, the tags give the order.
        try FileManager.default.removeItem(atPath: sandbox.directory.manifestPath)
        #expect(
            try SweepCollector(directory: sandbox.directory).collect().lines == collection.lines)
        let again = SweepExecutor.run(plan.tasks, jobs: 2, runner: sandbox.runner(plan)) {
            _, _, _ in
        }
        #expect(
            again == SweepExecutor.Summary(finished: 0, skipped: 4, failed: [2], interrupted: 0))
    }

    @Test func collectRejectsADirectoryThatIsNotASweep() {
        #expect(throws: SweepError.self) {
            try SweepCollector(directory: SweepDirectory(root: "/nonexistent/x")).collect()
        }
    }
}
