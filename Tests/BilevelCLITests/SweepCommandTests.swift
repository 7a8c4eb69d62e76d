import ArgumentParser
import Foundation
import Testing

@testable import Bilevel
@testable import BilevelCLI

/// `bilevel sweep`: the command catalog, bad input in-process, the Slurm script, and end-to-end
/// runs of the built binary.
@Suite struct SweepCommandTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sweepcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func binary() throws -> String { try BuiltBinary.path() }

    @discardableResult
    private func launch(_ arguments: [String], in directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process
    }

    @Test func catalogReadsTheCommandsFlags() throws {
        let toy = try #require(SweepCatalog.signatures.first { $0.name == "toy-convergence" })
        #expect(
            toy.flags["alpha0"] == .option && toy.flags["quiet"] == .flag
                && toy.flags["toy-df"] == .option)
        #expect(!toy.takesThreads && !toy.checkpoints)
        let hyperclean = try #require(SweepCatalog.signatures.first { $0.name == "hyperclean" })
        #expect(
            hyperclean.checkpoints && hyperclean.takesThreads
                && hyperclean.flags["lr-inner"] == .option)
        let solve = try #require(SweepCatalog.signatures.first { $0.name == "solve" })
        #expect(solve.flags["set"] == .repeatingOption && solve.takesThreads && !solve.checkpoints)
    }

    struct BadRun: Sendable, CustomTestStringConvertible {
        var spec: String
        var arguments: [String]
        var message: String
        var exitCode: Int32
        var testDescription: String { message }
    }

    static let badRuns: [BadRun] = [
        BadRun(
            spec: #"{"command": "toy-convergence", "grid": [{"alpha0": [-1]}]}"#, arguments: [],
            message: "task 0 (alpha0=-1): alpha0 must be a finite number > 0", exitCode: 1),
        BadRun(
            spec: #"{"command": "hyperclean", "grid": [{"toy-df": ["exact"]}]}"#, arguments: [],
            message: "grid[0].toy-df: 'toy-df' is not a flag of hyperclean", exitCode: 1),
        BadRun(
            spec: #"{"command": "toy-convergence", "seeds": [1, 2]}"#,
            arguments: ["--task-index", "2"],
            message: "task index 2 is out of range: 2 slices (0...1) of a sweep of 2 tasks",
            exitCode: 1),
        BadRun(
            spec: #"{"command": "toy-convergence", "seeds": [1, 2]}"#,
            arguments: ["--task-index", "3", "--task-count", "3"],
            message: "task index 3 is out of range: 3 slices", exitCode: 1),
        BadRun(
            spec: #"{"command": "toy-convergence", "seeds": [1]}"#,
            arguments: ["--task-count", "2"],
            message: "--task-count needs --task-index", exitCode: 64),
        BadRun(
            spec: #"{"command": "toy-convergence", "seeds": [1]}"#, arguments: ["--dry-run"],
            message: "--dry-run, --partition, --time and --max-parallel go with --slurm",
            exitCode: 64),
    ]

    @Test(arguments: badRuns) func badInputFailsWithOneLineAndWritesNothing(_ bad: BadRun) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try write(bad.spec, "spec.json", in: directory)
        let output = directory.appendingPathComponent("out").path
        do {
            var command = try BilevelCommand.parseAsRoot(
                ["sweep", spec, "--dir", output] + bad.arguments)
            try command.run()
            Issue.record("accepted: \(bad.arguments)")
        } catch {
            let message = BilevelCommand.message(for: error)
            #expect(message.contains(bad.message), "got: \(message)")
            #expect(!message.contains("\n"))
            #expect(BilevelCommand.exitCode(for: error).rawValue == bad.exitCode)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func slurmArrayVariablesChooseTheSlice() throws {
        let plain = try #require(
            try BilevelCommand.parseAsRoot(["sweep", "s.json"]) as? SweepRunCommand)
        #expect(try plain.slice(taskCount: 10, environment: [:]) == .all)
        #expect(
            try plain.slice(taskCount: 10, environment: ["SLURM_ARRAY_TASK_ID": "3"]).indices(
                taskCount: 10)
                == [3])
        let env = ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4"]
        #expect(
            try plain.slice(taskCount: 10, environment: env).indices(taskCount: 10) == [1, 5, 9])
        // An explicit --task-index wins over the environment (and ignores its count).
        let flagged = try #require(
            try BilevelCommand.parseAsRoot(["sweep", "s.json", "--task-index", "2"])
                as? SweepRunCommand)
        #expect(try flagged.slice(taskCount: 10, environment: env).indices(taskCount: 10) == [2])
        #expect(throws: SweepError.self) {
            try plain.slice(taskCount: 10, environment: ["SLURM_ARRAY_TASK_ID": "10"])
        }
    }

    @Test func slurmDryRunWritesTheArrayScript() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try write(
            #"{"name": "toy3", "command": "toy-convergence", "fixed": {"starts": 4}, "seeds": [1, 2, 3]}"#,
            "s.json", in: directory)
        let root = directory.appendingPathComponent("r").path
        var command = try BilevelCommand.parseAsRoot([
            "sweep", spec, "--dir", root, "--slurm", "--dry-run", "--max-parallel", "2",
            "--cpus-per-task", "2",
            "--partition", "debug", "--time", "0:05:00", "--executable", "/opt/bin/bilevel",
        ])
        try command.run()
        let script = try String(contentsOfFile: "\(root)/sweep.sbatch", encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-2%2\n"))
        #expect(script.contains("#SBATCH --partition=debug\n#SBATCH --time=0:05:00\n"))
        #expect(
            script.contains(
                "exec /opt/bin/bilevel sweep \(spec) --dir \(root) --threads 2 --task-index \"$SLURM_ARRAY_TASK_ID\" --task-count 3\n"
            ))
        #expect(try SweepDirectory(root: root).manifestHashes()?.count == 3)
    }

    /// Three tiny toy tasks with --jobs 2: every result is there, tagged, and equal to the same
    /// command run directly; a second run skips all three.
    @Test func endToEndLocalSweepMatchesDirectRuns() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try write(
            """
            {"name": "e2e", "command": "toy-convergence", "fixed": {"starts": 8, "seed": 42},
             "grid": [{"zip": {"method": ["v_pbgd", "g_pbgd", "v_pbgd"], "alpha0": [0.1, 0.1, 0.05]}}]}
            """, "e2e.json", in: directory)
        let sweep = try launch(["sweep", spec, "--jobs", "2", "--dir", "out"], in: directory)
        sweep.waitUntilExit()
        #expect(sweep.terminationStatus == 0)
        let collect = try launch(
            ["sweep", "collect", "out", "--output", "all.jsonl"], in: directory)
        collect.waitUntilExit()
        #expect(collect.terminationStatus == 0)
        let lines = try String(
            contentsOf: directory.appendingPathComponent("all.jsonl"), encoding: .utf8
        ).split(separator: "\n")
        #expect(lines.count == 3 * 9)
        let direct = try launch(
            [
                "toy-convergence", "--starts", "8", "--seed", "42", "--method", "g_pbgd",
                "--alpha0", "0.1", "--output", "g.jsonl",
            ], in: directory)
        direct.waitUntilExit()
        let expected = try String(
            contentsOf: directory.appendingPathComponent("g.jsonl"), encoding: .utf8
        ).split(separator: "\n")
        let task1 = lines.filter { SweepCollector.taskIndex(of: String($0)) == 1 }
        #expect(task1.count == expected.count)
        for (got, want) in zip(task1, expected) {
            // Same records up to timing; the sweep's tag comes last.
            #expect(Self.withoutTimes(got).hasPrefix(Self.withoutTimes(want).dropLast()))
        }
        let again = try launch(["sweep", spec, "--dir", "out"], in: directory)
        again.waitUntilExit()
        #expect(again.terminationStatus == 0)
        #expect(
            try FileManager.default.contentsOfDirectory(
                atPath: directory.appendingPathComponent("out/results").path
            ).count == 3)
    }

    /// SIGTERM to a sweep reaches its running task; the sweep exits 143 and writes no result.
    @Test func sigtermIsForwardedAndLeavesNoResult() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = directory.appendingPathComponent("got-term").path
        let fake = try write(
            """
            #!/bin/sh
            out=; while [ $# -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done
            printf '{"record":"train"}\\n' > "$out"
            trap 'touch \(marker); exit 143' TERM
            i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
            printf '{"record":"final"}\\n' >> "$out"
            """, "fake", in: directory)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let spec = try write(
            #"{"command": "toy-convergence", "seeds": [1]}"#, "s.json", in: directory)
        let sweep = try launch(
            ["sweep", spec, "--dir", "out", "--executable", fake], in: directory)
        let work = directory.appendingPathComponent("out/work").path
        for _ in 0..<100
        where (try? FileManager.default.contentsOfDirectory(atPath: work))?.isEmpty ?? true {
            usleep(50_000)
        }
        sweep.terminate()  // SIGTERM
        sweep.waitUntilExit()
        #expect(sweep.terminationStatus == 143)
        #expect(FileManager.default.fileExists(atPath: marker))
        #expect(
            try FileManager.default.contentsOfDirectory(
                atPath: directory.appendingPathComponent("out/results").path
            ).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
    }

    /// A halving search run locally goes through both stages, and stage 1 runs exactly the two
    /// configurations with the lowest mean steps at stage 0 (read back from the result files).
    @Test func endToEndHalvingKeepsTheBestConfigurations() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try write(
            """
            {"name": "halve", "command": "toy-convergence",
             "grid": [{"alpha0": [0.01, 0.05, 0.1, 0.3]}], "seeds": [1, 2],
             "halving": {"flag": "starts", "budgets": [4, 8], "keep": 0.5,
                         "metric": "convergence_steps", "goal": "min"}}
            """, "halve.json", in: directory)
        let sweep = try launch(["sweep", spec, "--dir", "out"], in: directory)
        sweep.waitUntilExit()
        #expect(sweep.terminationStatus == 0)
        let results = directory.appendingPathComponent("out/results")
        var steps: [Int: [String: [Double]]] = [4: [:], 8: [:]]
        for name in try FileManager.default.contentsOfDirectory(atPath: results.path) {
            let text = try String(contentsOf: results.appendingPathComponent(name), encoding: .utf8)
            let last = try #require(text.split(separator: "\n").last)
            let record = try #require(
                try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
            let params = try #require((record["sweep"] as? [String: Any])?["params"] as? [String: Any])
            let starts = try #require(params["starts"] as? Int)
            let alpha = "\(try #require(params["alpha0"] as? Double))"
            steps[starts, default: [:]][alpha, default: []].append(
                try #require(record["convergence_steps"] as? Double))
        }
        let stage0 = try #require(steps[4])
        #expect(stage0.count == 4 && stage0.values.allSatisfy { $0.count == 2 })
        let best = stage0.sorted { $0.value.reduce(0, +) < $1.value.reduce(0, +) }.prefix(2).map(\.key)
        #expect(Set(try #require(steps[8]).keys) == Set(best))
        #expect(try #require(steps[8]).values.allSatisfy { $0.count == 2 })

        // One line per trial: the final records of the 8 + 4 tasks.
        let collect = try launch(
            ["sweep", "collect", "out", "--final-only", "--output", "trials.jsonl"], in: directory)
        collect.waitUntilExit()
        #expect(collect.terminationStatus == 0)
        let trials = try String(
            contentsOf: directory.appendingPathComponent("trials.jsonl"), encoding: .utf8
        ).split(separator: "\n")
        #expect(trials.count == 12)
        #expect(trials.allSatisfy { SweepCollectCommand.isFinalRecord(String($0)) })
    }

    private static func withoutTimes(_ line: Substring) -> String {
        String(line).replacing(/"[a-z_]*runtime_sec":[^,}]*,?/, with: "")
    }
}
