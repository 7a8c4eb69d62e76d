import Foundation
import Testing

@testable import Bilevel
@testable import BilevelCLI

/// `bilevel toy-convergence` in-process: parsing, validation, output files.
@Suite struct ToyConvergenceCommandTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "toycli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func runIsTheDefaultSubcommand() throws {
        let command = try BilevelCommand.parseAsRoot([
            "toy-convergence", "--method", "g_pbgd", "--seed", "42",
        ])
        let run = try #require(command as? ToyRunCommand)
        #expect(
            try run.strategy.strategyValue() == ToyStrategy(method: .gPBGD, gams: [10], alpha0: 0.1)
        )
        #expect(try run.protocolOptions.seedList(defaults: [1]) == [42])
        let explicit = try BilevelCommand.parseAsRoot([
            "toy-convergence", "run", "--preset", "tuned",
        ])
        let tuned = try #require(explicit as? ToyRunCommand)
        #expect(try tuned.strategy.strategyValue() == ToyPresets.named("tuned").strategy)
        #expect(try tuned.protocolOptions.seedList(defaults: [42, 123, 456]) == [42, 123, 456])
    }

    @Test func flagsOverrideThePresetAndTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s.json").path
        try #"{"method": "g_pbgd", "gams": [5], "alpha0": 0.2}"#.write(
            toFile: path, atomically: true, encoding: .utf8)
        let fromFile = try #require(
            try BilevelCommand.parseAsRoot([
                "toy-convergence", "--strategy", path, "--alpha0", "0.3",
            ]) as? ToyRunCommand)
        #expect(
            try fromFile.strategy.strategyValue()
                == ToyStrategy(method: .gPBGD, gams: [5], alpha0: 0.3))
        let fromPreset = try #require(
            try BilevelCommand.parseAsRoot([
                "toy-convergence", "--preset", "g_baseline", "--gammas", "20, 30",
            ]) as? ToyRunCommand)
        #expect(
            try fromPreset.strategy.strategyValue()
                == ToyStrategy(method: .gPBGD, gams: [20, 30], alpha0: 0.1))
    }

    /// One run: stdout gets the FINAL line (quiet), the JSONL file gets every record.
    @Test func runWritesEveryRecordToTheOutputFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("toy.jsonl").path
        var command = try BilevelCommand.parseAsRoot(
            ["toy-convergence", "--seed", "42", "--starts", "16", "--quiet", "--output", path])
        try command.run()
        let records = try lines(path)
        #expect(records.count == 17)
        #expect(records[0].hasPrefix(#"{"record":"train","run":0,"step":164,"objective":1.2410"#))
        #expect(records[16].hasPrefix(#"{"record":"final","convergence_steps":"#))
        #expect(records[16].contains(#""method":"v_pbgd","toy_df":"official""#))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["toy.jsonl"])
    }

    /// The --output file adds each start's final iterate (x, y) for `bilevel report`; stdout
    /// keeps the benchmark's keys.
    @Test func outputFileRecordsTheFinalIterateOfEachStart() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("toy.jsonl").path
        var command = try BilevelCommand.parseAsRoot(["toy-convergence", "--seed", "42", "--starts", "4", "--quiet", "--output", path])
        try command.run()
        let first = try #require(try JSONSerialization.jsonObject(with: Data(try lines(path)[0].utf8)) as? [String: Any])
        let x = try #require(first["x"] as? Double)
        let y = try #require(first["y"] as? Double)
        #expect((0...3).contains(x))
        // residual = |x + y| after the last step, printed to 6 decimals.
        #expect(abs(abs(x + y) - (first["residual"] as? Double ?? -1)) < 1e-6)
        let result = try ToyConvergence.run(ToyConvergenceSettings(strategy: .baseline, startCount: 4, seeds: [42]))
        #expect(result.seeds[0].trainRecords(includeSeed: false)[0].keys == ["run", "step", "objective", "residual", "projected_grad", "success"])
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    /// Flag errors: refused at parse time (usage error, exit 64), one line naming the problem.
    static let badFlags: [BadInput] = [
        BadInput(
            arguments: ["--alpha0", "0"], message: "alpha0 must be a finite number > 0, got 0.0"),
        BadInput(arguments: ["--alpha0=-0.5"], message: "alpha0 must be a finite number > 0"),
        BadInput(
            arguments: ["--alpha0", "nan"], message: "alpha0 must be a finite number > 0, got nan"),
        BadInput(
            arguments: ["--gammas", "10,-2"],
            message: "gamma #2 must be a finite number > 0, got -2.0"),
        BadInput(
            arguments: ["--gammas", "10,abc"], message: "--gammas: 'abc' is not a valid value"),
        BadInput(
            arguments: ["--gammas", "nan"], message: "gamma #1 must be a finite number > 0, got nan"
        ),
        BadInput(arguments: ["--starts", "0"], message: "starts must be > 0, got 0"),
        BadInput(arguments: ["--max-iter", "0"], message: "max-iter must be > 0"),
        BadInput(arguments: ["--tol", "nan"], message: "tol must be a finite number >= 0"),
        BadInput(
            arguments: ["--method", "sgd"],
            message: "unknown method 'sgd'; choose one of: v_pbgd, g_pbgd"),
        BadInput(arguments: ["--preset", "fast"], message: "unknown preset 'fast'"),
        BadInput(
            arguments: ["--toy-df", "true"],
            message: "unknown toy df 'true'; choose one of: official, exact"),
        BadInput(
            arguments: ["--seed", "1", "--seeds", "2,3"], message: "use either --seed or --seeds"),
        BadInput(arguments: ["--seeds", ""], message: "--seeds needs at least one value"),
        BadInput(
            arguments: ["--preset", "tuned", "--strategy", "s.json"],
            message: "use either --preset or --strategy"),
        BadInput(
            arguments: ["search", "--alpha0s", "0.1,0"],
            message: "alpha0 must be a finite number > 0, got 0.0"),
        BadInput(
            arguments: ["search", "--methods", "v_pbgd,rhg"],
            message: "--methods: 'rhg' is not a valid value"),
        BadInput(arguments: ["search", "--starts", "0"], message: "starts must be > 0"),
    ]

    @Test(arguments: badFlags)
    func badFlagsAreUsageErrorsAndWriteNothing(bad: BadInput) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.jsonl").path
        let table = directory.appendingPathComponent("table.md").path
        var arguments = ["toy-convergence"] + bad.arguments + ["--output", output]
        if bad.arguments.first == "search" { arguments += ["--table", table] }
        do {
            _ = try BilevelCommand.parseAsRoot(arguments)
            Issue.record("accepted \(bad.testDescription)")
        } catch {
            let message = BilevelCommand.message(for: error)
            #expect(message.contains(bad.message), "\(message)")
            #expect(!message.contains("\n"), "\(message)")
            #expect(BilevelCommand.exitCode(for: error).rawValue == 64)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// Errors found when running (the strategy file, the output path): exit 1, one line, and no
    /// output file.
    @Test func badFilesFailTheRunAndWriteNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.jsonl").path
        let malformed = directory.appendingPathComponent("bad.json").path
        try #"{"method": "v_pbgd", "alpha0": 0}"#.write(
            toFile: malformed, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (
                [
                    "--strategy", directory.appendingPathComponent("missing.json").path, "--output",
                    output,
                ],
                "cannot read strategy file"
            ),
            (["--strategy", malformed, "--output", output], "alpha0 must be a finite number > 0"),
            (["--strategy", directory.path, "--output", output], "cannot read strategy file"),
            (
                [
                    "--starts", "8", "--output",
                    directory.appendingPathComponent("no/such/dir/out.jsonl").path,
                ],
                "cannot create output file"
            ),
        ]
        for (arguments, expected) in cases {
            var command = try BilevelCommand.parseAsRoot(
                ["toy-convergence", "--quiet"] + arguments)
            do {
                try command.run()
                Issue.record("ran \(arguments)")
            } catch {
                let message = BilevelCommand.message(for: error)
                #expect(message.contains(expected), "\(message)")
                #expect(!message.contains("\n"), "\(message)")
                #expect(BilevelCommand.exitCode(for: error).rawValue == 1)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["bad.json"])
    }

    @Test func searchSavesItsTableAndRecords() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = directory.appendingPathComponent("search.md").path
        let output = directory.appendingPathComponent("search.jsonl").path
        var command = try BilevelCommand.parseAsRoot([
            "toy-convergence", "search", "--methods", "v_pbgd", "--gammas", "10", "--alpha0s",
            "0.1,0.2,0.24",
            "--starts", "24", "--seeds", "42", "--check-seeds", "1,2", "--table", table, "--output",
            output,
            "--quiet", "--top", "1",
        ])
        try command.run()
        let text = try lines(table)
        #expect(text.contains { $0.hasPrefix("| 1 | v_pbgd | 10 | 0.2 | 0.02 |") })
        #expect(text.contains { $0.hasPrefix("| 2 | v_pbgd | 10 | 0.1 | 0.01 |") })
        #expect(
            text.contains {
                $0.contains("held-out seeds 1,2") && $0.contains("stays at success 1.0")
            })
        let records = try lines(output)
        #expect(records.count == 4)  // three grid rows, then the winner's check
        #expect(
            records[0].hasPrefix(
                #"{"record":"search","rank":1,"method":"v_pbgd","gams":"10","alpha0":0.2"#))
        #expect(
            records[3].hasPrefix(#"{"record":"final","#) && records[3].contains(#""seeds":"1,2""#))
    }
}
