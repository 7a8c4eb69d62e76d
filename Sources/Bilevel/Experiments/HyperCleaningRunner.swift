import Foundation
import Tensor

/// Runs one hyper-cleaning experiment: the iteration loop, evaluation every `eval_interval`
/// iterations (after the update, as the benchmark does), best-record selection, divergence
/// detection, periodic atomic checkpoints (version 2: with the strategy and data digests),
/// SIGINT handling and resume.
///
/// Clocks: `train_sec` counts only method steps; `runtime_sec` is the benchmark's clock (time
/// since training started, evaluations included); checkpoint writes count in neither.
public final class HyperCleaningRunner {
    /// Hooks and persistence for a run.
    public struct Options {
        /// Where to write checkpoints (nil: never).
        public var checkpointPath: String?
        /// Write a checkpoint every this many iterations (0: only on SIGINT).
        public var checkpointEvery = 0
        /// Stop (with a checkpoint) once this many iterations are done in total, e.g. to split a
        /// long run over several sessions; nil runs to `outer_itr`.
        public var stopAfter: Int?
        /// A checkpoint to continue from.
        public var resume: HyperCleaningCheckpoint?
        /// Called with each evaluation (after the best records are updated).
        public var onEvaluation: (EvaluationRecord) -> Void = { _ in }
        /// Called after every iteration with (completed iterations, latest evaluation, best so far).
        public var onProgress: (Int, EvaluationRecord?, EvaluationRecord?) -> Void = { _, _, _ in }

        /// No checkpoints, no hooks.
        public init() {}
    }

    private let data: HyperCleaningData
    private let network: NetworkArchitecture
    private let strategy: HyperCleaningStrategy
    private let seed: Int
    private let methodType: any HyperCleaningMethod.Type

    /// A runner for `strategy.method` on `network` with the split of `seed`.
    ///
    /// - Throws: ``HyperCleaningStrategyError`` for an invalid strategy or unknown method.
    public init(data: HyperCleaningData, network: NetworkArchitecture, strategy: HyperCleaningStrategy, seed: Int)
        throws(HyperCleaningStrategyError)
    {
        try strategy.validate()
        methodType = try HyperCleaningMethodRegistry.method(named: strategy.method)
        if methodType is RHG.Type {
            // Refuse before allocating: a huge K would otherwise die in malloc or be killed.
            let bytes = RHG.reverseMemoryBytes(network: network, trainRows: data.train.rows, strategy: strategy)
            let physical = Double(ProcessInfo.processInfo.physicalMemory)
            if bytes > physical {
                throw .invalid(
                    field: "K", value: "\(strategy.K)",
                    requirement: String(
                        format: "small enough for the reverse pass to fit in memory (it would hold %.1f GB, "
                            + "this machine has %.1f GB; --checkpoint-inner N keeps every N-th iterate only)",
                        bytes / 1e9, physical / 1e9))
            }
        }
        self.data = data
        self.network = network
        self.strategy = strategy
        self.seed = seed
    }

    /// The TRAIN_METRICS key of the method's auxiliary value.
    public var auxiliaryKey: String { methodType.auxiliaryKey }

    /// Runs to `outer_itr` iterations (or divergence, or SIGINT) and returns the summary.
    ///
    /// - Returns: the summary and every evaluation of the whole run (including those restored
    ///   from a checkpoint).
    /// - Throws: ``CheckpointError`` when the resume checkpoint does not fit or a write fails.
    public func run(_ options: Options = Options()) throws(CheckpointError)
        -> (summary: HyperCleaningSummary, evaluations: [EvaluationRecord])
    {
        let method = methodType.init(data: data, network: network, strategy: strategy, seed: seed)
        let evaluator = HyperCleaningEvaluator(data: data, network: network)
        var evaluations: [EvaluationRecord] = []
        var best = BestRecords()
        var trainSeconds = 0.0
        var evaluationSeconds = 0.0
        var elapsedBefore = 0.0
        // Hashed only when a checkpoint is read or written (about 63 MB for MNIST).
        let dataDigest = options.resume != nil || options.checkpointPath != nil ? data.digest() : nil
        if let checkpoint = options.resume {
            try checkpoint.verifyMatches(network: network.kind, seed: seed, strategy: strategy, dataDigest: dataDigest)
            try method.restore(checkpoint.method)
            evaluations = checkpoint.evaluations
            best = checkpoint.best
            trainSeconds = checkpoint.trainSeconds
            evaluationSeconds = checkpoint.evaluationSeconds
            elapsedBefore = checkpoint.elapsedSeconds
        }
        let clock = ContinuousClock()
        let start = clock.now
        var checkpointSeconds = 0.0
        func seconds(since instant: ContinuousClock.Instant) -> Double {
            let d = clock.now - instant
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        func elapsed() -> Double { elapsedBefore + seconds(since: start) - checkpointSeconds }
        func checkpoint() -> HyperCleaningCheckpoint {
            HyperCleaningCheckpoint(
                network: network.kind, seed: seed, strategy: strategy, method: method.state(),
                evaluations: evaluations, best: best, trainSeconds: trainSeconds,
                evaluationSeconds: evaluationSeconds, elapsedSeconds: elapsed(),
                strategyDigest: strategy.digest, dataDigest: dataDigest)
        }
        // A SIGKILLed predecessor of this run may have left its half-written checkpoint behind.
        if let path = options.checkpointPath { AtomicFile.removeStaleTemporaries(of: path) }
        func writeCheckpoint() throws(CheckpointError) {
            guard let path = options.checkpointPath else { return }
            let writeStart = clock.now
            try checkpoint().write(to: path)
            checkpointSeconds += seconds(since: writeStart)
        }

        var status = HyperCleaningSummary.Status.maxIter
        var divergedAt: Int?
        while method.iteration < strategy.outerItr {
            if InterruptFlag.isRaised {
                try writeCheckpoint()
                status = .interrupted
                break
            }
            if let stopAfter = options.stopAfter, method.iteration >= stopAfter {
                try writeCheckpoint()
                status = .stopped
                break
            }
            let k = method.iteration
            let stepStart = clock.now
            let log = method.step()
            let stepSeconds = seconds(since: stepStart) - method.lastStepEvaluationSeconds
            evaluationSeconds += method.lastStepEvaluationSeconds
            trainSeconds += stepSeconds
            guard log.trainLoss.isFinite && log.validationLoss.isFinite && log.auxiliary.isFinite else {
                status = .diverged
                divergedAt = k
                break
            }
            if k % strategy.evalInterval == 0 || methodType.evaluatesEveryStep {
                let evaluationStart = clock.now
                let parameters = method.evaluationParameters
                guard parameters.allFinite && method.upperVariable.allFinite else {
                    status = .diverged
                    divergedAt = k
                    break
                }
                let cleaner = evaluator.cleaner(method.upperVariable.constPointer)
                let accuracy = method.reportedTestAccuracy(evaluator: evaluator)
                evaluationSeconds += seconds(since: evaluationStart)
                let record = EvaluationRecord(
                    step: k, trainLoss: log.trainLoss, validationLoss: log.validationLoss,
                    testAccuracy: accuracy, f1: cleaner.f1, precision: cleaner.precision,
                    recall: cleaner.recall, auxiliary: log.auxiliary, iterationSeconds: stepSeconds,
                    runtimeSeconds: elapsed())
                evaluations.append(record)
                best.update(with: record)
                options.onEvaluation(record)
            }
            if options.checkpointEvery > 0 && method.iteration % options.checkpointEvery == 0 {
                try writeCheckpoint()
            }
            options.onProgress(method.iteration, best.last, best.bestAccuracy)
        }
        if status == .maxIter, options.checkpointPath != nil { try writeCheckpoint() }
        let summary = HyperCleaningSummary(
            best: best, status: status, iterations: method.iteration, trainSeconds: trainSeconds,
            evaluationSeconds: evaluationSeconds, totalSeconds: elapsed(), divergedAt: divergedAt)
        return (summary, evaluations)
    }

}
