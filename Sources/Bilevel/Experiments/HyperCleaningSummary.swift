/// What a finished (or stopped) hyper-cleaning run reports.
public struct HyperCleaningSummary: Sendable, Equatable {
    /// How the run ended.
    public enum Status: String, Sendable, Codable {
        /// All outer iterations ran.
        case maxIter = "max_iter"
        /// A loss or parameter became NaN or infinite.
        case diverged
        /// Stopped by SIGINT after writing a checkpoint.
        case interrupted
        /// Stopped at the requested iteration (`--stop-after`) after writing a checkpoint.
        case stopped
    }

    /// Best-accuracy, best-F1 and last evaluations.
    public var best: BestRecords
    /// How the run ended.
    public var status: Status
    /// Iterations completed.
    public var iterations: Int
    /// Training time without evaluations, seconds.
    public var trainSeconds: Double
    /// Evaluation time, seconds.
    public var evaluationSeconds: Double
    /// Whole run (training, evaluation, checkpoints), seconds.
    public var totalSeconds: Double
    /// Iteration at which the run diverged, if it did.
    public var divergedAt: Int?

    /// Values of the benchmark's FINAL_METRICS keys, in its order (all printed `{:.6f}`).
    public var benchmarkValues: [(String, Double)] {
        let a = best.bestAccuracy
        let f = best.bestF1
        func fields(_ prefix: String, _ r: EvaluationRecord?) -> [(String, Double)] {
            [("\(prefix)test_accuracy", r?.testAccuracy ?? .nan), ("\(prefix)f1_score", r?.f1 ?? .nan),
             ("\(prefix)cleaner_precision", r?.precision ?? .nan), ("\(prefix)cleaner_recall", r?.recall ?? .nan)]
        }
        return fields("", a)
            + [("best_step", Double(a?.step ?? -1)), ("runtime_sec", a?.runtimeSeconds ?? .nan),
               ("total_runtime_sec", totalSeconds)]
            + fields("best_accuracy_", a)
            + [("best_accuracy_step", Double(a?.step ?? -1)), ("best_accuracy_runtime_sec", a?.runtimeSeconds ?? .nan)]
            + fields("best_f1_", f)
            + [("best_f1_step", Double(f?.step ?? -1)), ("best_f1_runtime_sec", f?.runtimeSeconds ?? .nan),
               ("score", a?.testAccuracy ?? .nan)]
    }
}
