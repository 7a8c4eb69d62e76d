/// The records a hyper-cleaning command prints: FINAL_METRICS of one run, RUN_METRICS and the
/// aggregate FINAL_METRICS of several seeds, in the benchmark's layout (PBGD.md §5.2) with this
/// tool's extra keys appended after the benchmark's.
public enum HyperCleaningReport {
    /// Facts about the run that are not metrics.
    public struct Context: Sendable {
        public var method: String
        public var network: NetworkKind
        public var seed: Int
        public var backend: String
        public var threads: Int
        /// The strategy, whose RHG variant choices are reported (T, K, truncation, forward weights).
        public var strategy: HyperCleaningStrategy

        public init(strategy: HyperCleaningStrategy, network: NetworkKind, seed: Int, backend: String, threads: Int) {
            (self.method, self.network, self.seed, self.backend, self.threads) = (strategy.method, network, seed, backend, threads)
            self.strategy = strategy
        }

        /// Keys that say which variant of the method ran.
        var variantFields: [(String, MetricValue)] {
            guard method == "rhg" || method == "t_rhg" else { return [] }
            return [("unrolled_steps", .int(strategy.T)), ("truncation_depth", .int(strategy.K)),
                    ("truncation", .string(strategy.truncation)), ("rhg_forward_weight", .string(strategy.rhgForwardWeight)),
                    ("checkpoint_inner", .int(strategy.checkpointInner))]
        }

        /// The benchmark's command label: `hyperclean-linear` or `hyperclean-mlp`.
        public var command: String { "hyperclean-\(network.rawValue)" }
    }

    /// FINAL_METRICS of one run.
    public static func final(_ summary: HyperCleaningSummary, context: Context) -> MetricsRecord {
        var record = MetricsRecord.final()
        for (key, value) in summary.benchmarkValues { record.append(key, .float(value)) }
        appendExtras(to: &record, summary: summary, context: context)
        return record
    }

    /// RUN_METRICS after run `index` of a multi-seed command.
    public static func run(index: Int, _ summary: HyperCleaningSummary, seed: Int) -> MetricsRecord {
        var record = MetricsRecord(label: "RUN_METRICS")
        record.append("run", .int(index))
        record.append("seed", .int(seed))
        record.append("test_accuracy", .float(summary.best.bestAccuracy?.testAccuracy ?? .nan))
        record.append("f1_score", .float(summary.best.bestAccuracy?.f1 ?? .nan))
        record.append("best_f1_f1_score", .float(summary.best.bestF1?.f1 ?? .nan))
        return record
    }

    /// The aggregate FINAL_METRICS of several runs: `num_runs`, `{key}_mean` and `{key}_ci95`
    /// (1.96·sample std/√n, 0 for one run) for every benchmark key, then `test_accuracy`,
    /// `score` (mean accuracy) and `f1_score` (mean F1), then the extras.
    public static func aggregate(_ summaries: [HyperCleaningSummary], seeds: [Int], context: Context) -> MetricsRecord {
        var record = MetricsRecord.final()
        record.append("num_runs", .int(summaries.count))
        let keyed = summaries.map(\.benchmarkValues)
        var means: [String: Double] = [:]
        for (index, (key, _)) in (keyed.first ?? []).enumerated() {
            let values = keyed.map { $0[index].1 }
            let (mean, ci95) = meanAndCI95(values)
            means[key] = mean
            record.append("\(key)_mean", .float(mean))
            record.append("\(key)_ci95", .float(ci95))
        }
        record.append("test_accuracy", .float(means["test_accuracy"] ?? .nan))
        record.append("score", .float(means["test_accuracy"] ?? .nan))
        record.append("f1_score", .float(means["f1_score"] ?? .nan))
        record.append("command", .string(context.command))
        record.append("method", .string(context.method))
        record.append("net", .string(context.network.rawValue))
        record.append("seeds", .string(seeds.map(String.init).joined(separator: ",")))
        for (key, value) in context.variantFields { record.append(key, value) }
        record.append("backend", .string(context.backend))
        record.append("threads", .int(context.threads))
        let statuses = Set(summaries.map(\.status.rawValue)).sorted().joined(separator: ",")
        record.append("status", .string(statuses))
        let trainSeconds = summaries.reduce(0) { $0 + $1.trainSeconds }
        let iterations = summaries.reduce(0) { $0 + $1.iterations }
        record.append("train_sec", .float(trainSeconds))
        record.append("iter_ms", .float(iterations > 0 ? 1000 * trainSeconds / Double(iterations) : .nan))
        return record
    }

    /// Mean and the benchmark's 95 % half-width 1.96·s/√n (s with n − 1; 0 for n = 1).
    public static func meanAndCI95(_ values: [Double]) -> (mean: Double, ci95: Double) {
        let n = Double(values.count)
        guard n > 0 else { return (.nan, .nan) }
        let mean = values.reduce(0, +) / n
        guard n > 1 else { return (mean, 0) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, 1.96 * variance.squareRoot() / n.squareRoot())
    }

    private static func appendExtras(to record: inout MetricsRecord, summary: HyperCleaningSummary, context: Context) {
        record.append("command", .string(context.command))
        record.append("method", .string(context.method))
        record.append("net", .string(context.network.rawValue))
        record.append("seed", .int(context.seed))
        for (key, value) in context.variantFields { record.append(key, value) }
        record.append("backend", .string(context.backend))
        record.append("threads", .int(context.threads))
        record.append("status", .string(summary.status.rawValue))
        record.append("iterations", .int(summary.iterations))
        if let divergedAt = summary.divergedAt { record.append("diverged_at", .int(divergedAt)) }
        record.append("train_sec", .float(summary.trainSeconds))
        record.append("eval_sec", .float(summary.evaluationSeconds))
        let perIteration = summary.iterations > 0 ? 1000 * summary.trainSeconds / Double(summary.iterations) : .nan
        record.append("iter_ms", .float(perIteration))
        record.append("last_step", .int(summary.best.last?.step ?? -1))
        record.append("last_test_accuracy", .float(summary.best.last?.testAccuracy ?? .nan))
        record.append("last_f1_score", .float(summary.best.last?.f1 ?? .nan))
    }
}
