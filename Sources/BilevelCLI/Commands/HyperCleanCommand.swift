import ArgumentParser
import Bilevel
import Foundation
import Tensor

/// `bilevel hyperclean`: MNIST data hyper-cleaning with the PBGD methods (PBGD.md §2–§6).
struct HyperCleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyperclean",
        abstract: "MNIST data hyper-cleaning (V-PBGD, G-PBGD, RHG, T-RHG) with the benchmark's protocol and output.",
        discussion: """
            5000 training samples with half the labels replaced at random, 5000 validation and \
            10000 test samples, all drawn from the MNIST training set by the split of --seed. \
            Prints one TRAIN_METRICS line per evaluation and a FINAL_METRICS line in the \
            benchmark's key=value layout (extra keys after the benchmark's). With --seeds, one \
            RUN_METRICS line per seed and a FINAL_METRICS line with means and 95% intervals. \
            Defaults are the benchmark's baseline strategy for --method and --net.
            """)

    @OptionGroup var strategyOptions: HyperCleaningStrategyOptions
    @Option(help: "Seed of the split, pollution and initialisation (benchmark: 42, 123, 456).")
    var seed: Int?
    @Option(help: ArgumentHelp("Comma-separated seeds; runs each and reports the mean (the benchmark's --num-runs).", valueName: "list"))
    var seeds: String?
    @OptionGroup var compute: ComputeOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Show the progress line on stderr even when it is not a terminal.")
    var progress = false
    @Option(help: ArgumentHelp("Write checkpoints to this file (atomically).", valueName: "file"))
    var checkpoint: String?
    @Option(name: .customLong("checkpoint-every"), help: ArgumentHelp("Iterations between checkpoints (default 1000 with --checkpoint).", valueName: "n"))
    var checkpointEvery: Int?
    @Option(help: ArgumentHelp("Continue the run saved in this checkpoint.", valueName: "file"))
    var resume: String?
    @Option(name: .customLong("stop-after"), help: ArgumentHelp(
        "Stop after this many iterations in total, writing the checkpoint (continue later with --resume).",
        valueName: "n"))
    var stopAfter: Int?

    func validate() throws {
        if seed != nil && seeds != nil { throw ValidationError("give --seed or --seeds, not both") }
        if seeds != nil { _ = try seedList() }
        if let checkpointEvery, checkpointEvery < 1 { throw ValidationError("--checkpoint-every must be at least 1") }
        if checkpointEvery != nil && checkpoint == nil { throw ValidationError("--checkpoint-every needs --checkpoint FILE") }
        if let stopAfter, stopAfter < 1 { throw ValidationError("--stop-after must be at least 1") }
        if stopAfter != nil && checkpoint == nil { throw ValidationError("--stop-after needs --checkpoint FILE to continue from") }
        let seedCount = try seedList().count
        if (checkpoint != nil || resume != nil) && seedCount > 1 {
            throw ValidationError("--checkpoint and --resume work with a single --seed")
        }
    }

    func seedList() throws -> [Int] {
        guard let seeds else { return [seed ?? 42] }
        let parts = seeds.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, values.count == parts.count else {
            throw ValidationError("--seeds must be comma-separated integers, got '\(seeds)'")
        }
        return values
    }

    func run() throws {
        try compute.apply()
        let strategy = try strategyOptions.resolve()
        let network = NetworkArchitecture(strategyOptions.net)
        let resumeCheckpoint = try resume.map { path throws in try HyperCleaningCheckpoint.read(from: path) }
        if let resume, let warning = resumeCheckpoint?.legacyWarning(path: resume) { printToStandardError(warning) }
        // Fail now, not at the first checkpoint hours later, when the files cannot be written.
        let file = try output.openFile()
        if let checkpoint { try HyperCleaningCheckpoint.checkWritable(checkpoint) }
        let seeds = try seedList()
        InterruptFlag.install()
        var summaries: [HyperCleaningSummary] = []
        for (index, runSeed) in seeds.enumerated() {
            let data = try HyperCleaningData.load(from: data.directory, seed: runSeed)
            data.applyThreadPolicy()
            let runner = try HyperCleaningRunner(data: data, network: network, strategy: strategy, seed: runSeed)
            let context = HyperCleaningReport.Context(
                strategy: strategy, network: network.kind, seed: runSeed,
                backend: Backend.active.rawValue, threads: BLASThreads.kernelThreads)
            var options = HyperCleaningRunner.Options()
            options.checkpointPath = checkpoint
            options.checkpointEvery = checkpoint == nil ? 0 : (checkpointEvery ?? 1000)
            options.resume = resumeCheckpoint
            options.stopAfter = stopAfter
            var emitError: (any Error)?
            if let restored = resumeCheckpoint?.evaluations {
                // Resume replays the evaluations already done, so the output is the whole run's.
                for record in restored {
                    do { try output.emit([record.trainMetrics(auxiliaryKey: runner.auxiliaryKey)], to: file) } catch { emitError = error }
                }
            }
            options.onEvaluation = { record in
                do { try output.emit([record.trainMetrics(auxiliaryKey: runner.auxiliaryKey)], to: file) } catch { emitError = emitError ?? error }
            }
            let bar = ProgressLine(label: "\(strategy.method) \(network.kind.rawValue) seed \(runSeed)",
                                   total: strategy.outerItr, force: progress)
            options.onProgress = { done, last, best in
                let note = last.map { String(format: "acc %.2f best %.2f", $0.testAccuracy, best?.testAccuracy ?? $0.testAccuracy) } ?? ""
                bar.update(done: done, note: note)
            }
            let (summary, _) = try runner.run(options)
            bar.finish()
            if let emitError { throw emitError }
            if summary.status == .diverged {
                FileHandle.standardError.write(Data("warning: seed \(runSeed) diverged at iteration \(summary.divergedAt ?? -1) (NaN or infinite loss/parameters); reporting the best evaluation before it\n".utf8))
            }
            if summary.status == .interrupted || summary.status == .stopped {
                FileHandle.standardError.write(Data("\(summary.status == .stopped ? "stopped" : "interrupted") at iteration \(summary.iterations); checkpoint written\(checkpoint.map { " to \($0)" } ?? " (none: no --checkpoint)")\n".utf8))
            }
            summaries.append(summary)
            if seeds.count > 1 {
                try output.emit([HyperCleaningReport.run(index: index, summary, seed: runSeed)], to: file)
            } else {
                try output.emit([HyperCleaningReport.final(summary, context: context)], to: file)
            }
            if summary.status == .interrupted { break }
        }
        if seeds.count > 1 {
            let context = HyperCleaningReport.Context(
                strategy: strategy, network: network.kind, seed: seeds[0],
                backend: Backend.active.rawValue, threads: BLASThreads.kernelThreads)
            try output.emit([HyperCleaningReport.aggregate(summaries, seeds: seeds, context: context)], to: file)
        }
        try file?.commit()
        if summaries.contains(where: { $0.status == .interrupted }) { throw ExitCode(InterruptFlag.exitStatus) }
    }
}
