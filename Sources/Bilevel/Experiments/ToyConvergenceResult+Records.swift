/// The toy experiment's output records (PBGD.md §5.2).
extension ToySeedResult {
    /// One `TRAIN_METRICS` record per start, benchmark keys in benchmark order:
    /// `run step objective residual projected_grad success`.
    ///
    /// - Parameters:
    ///   - includeSeed: append `seed=S` after the benchmark keys (multi-seed output); off, the
    ///     lines are byte-identical to the benchmark's.
    ///   - includeFinalIterate: append the last iterate, `x` and `y` (full precision), as the
    ///     `--output` file keeps them for `bilevel report`'s figure of final iterates.
    public func trainRecords(includeSeed: Bool, includeFinalIterate: Bool = false) -> [MetricsRecord] {
        outcomes.enumerated().map { run, outcome in
            var record = MetricsRecord.train()
            record.append("run", .int(run))
            record.append("step", .int(outcome.steps))
            record.append("objective", .float(outcome.objective))
            record.append("residual", .float(outcome.residual))
            record.append("projected_grad", .float(outcome.projectedGradient))
            record.append("success", .int(outcome.succeeded ? 1 : 0))
            if includeSeed { record.append("seed", .int(seed)) }
            if includeFinalIterate {
                record.append("x", .float(outcome.x, format: .shortest))
                record.append("y", .float(outcome.y, format: .shortest))
            }
            return record
        }
    }
}

extension ToyConvergenceResult {
    /// The `FINAL_METRICS` record: the benchmark's seven keys (means over seeds, `%.6f`), then
    /// the extras.
    ///
    /// Benchmark keys: `convergence_steps median_steps final_residual final_projected_grad
    /// success_rate runtime_sec score` (score = convergence_steps, runtime_sec = mean per seed).
    /// Extras: `method toy_df gams alpha0 seeds starts max_iter tol`, per seed
    /// `convergence_steps_seedS final_residual_seedS success_rate_seedS`, then over all runs
    /// `steps_p90 steps_max runs_at_cap runs_ending_at_x_eq_3 min_success_rate
    /// total_runtime_sec status backend`.
    ///
    /// - Parameter backend: the compute backend's name for the `backend` key.
    public func finalRecord(backend: String) -> MetricsRecord {
        var record = MetricsRecord.final()
        record.append("convergence_steps", .float(mean.convergenceSteps))
        record.append("median_steps", .float(mean.medianSteps))
        record.append("final_residual", .float(mean.finalResidual))
        record.append("final_projected_grad", .float(mean.finalProjectedGrad))
        record.append("success_rate", .float(mean.successRate))
        record.append("runtime_sec", .float(mean.runtimeSeconds))
        record.append("score", .float(mean.convergenceSteps))
        let strategy = settings.strategy
        record.append("method", .string(strategy.method.rawValue))
        record.append("toy_df", .string(settings.derivative.rawValue))
        record.append("gams", .string(ToyStrategy.listText(strategy.gams)))
        record.append("alpha0", .float(strategy.alpha0, format: .shortest))
        record.append("seeds", .string(settings.seeds.map(String.init).joined(separator: ",")))
        record.append("starts", .int(settings.startCount))
        record.append("max_iter", .int(settings.maxIterations))
        record.append("tol", .float(settings.tolerance, format: .shortest))
        for seedResult in seeds {
            let suffix = seedKeySuffix(seedResult.seed)
            let metrics = seedResult.metrics
            record.append("convergence_steps" + suffix, .float(metrics.convergenceSteps))
            record.append("final_residual" + suffix, .float(metrics.finalResidual))
            record.append("success_rate" + suffix, .float(metrics.successRate))
        }
        record.append("steps_p90", .int(pooled.stepsP90))
        record.append("steps_max", .int(pooled.stepsMax))
        record.append("runs_at_cap", .int(pooled.runsAtCap))
        record.append("runs_ending_at_x_eq_3", .int(pooled.runsEndingAtUpperBound))
        record.append("min_success_rate", .float(minimumSuccessRate))
        record.append("total_runtime_sec", .float(totalRuntimeSeconds))
        record.append("status", .string(status))
        record.append("backend", .string(backend))
        return record
    }

    /// Every record in output order: the `TRAIN_METRICS` of each seed in turn (with `seed=` when
    /// there are several seeds, and `x`, `y` with `includeFinalIterate`), then `FINAL_METRICS`.
    public func records(backend: String, includeFinalIterate: Bool = false) -> [MetricsRecord] {
        let includeSeed = seeds.count > 1
        return seeds.flatMap { $0.trainRecords(includeSeed: includeSeed, includeFinalIterate: includeFinalIterate) } + [
            finalRecord(backend: backend)
        ]
    }
}

/// The suffix of per-seed keys: `_seed42`, `_seedm7` for seed -7 (keys stay snake_case).
func seedKeySuffix(_ seed: Int) -> String {
    "_seed\(seed < 0 ? "m" : "")\(seed.magnitude)"
}
