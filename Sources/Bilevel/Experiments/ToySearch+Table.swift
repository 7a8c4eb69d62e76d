/// Rendering of ``ToySearch`` rows: a Markdown table and output records.
extension ToySearch {
    /// A Markdown table of the qualifying rows (rank, strategy, mean steps, per-seed steps,
    /// median, worst p90 and max, residual), best first.
    ///
    /// - Parameters:
    ///   - rows: ranked rows from ``run(grid:settings:progress:)``.
    ///   - seeds: the search seeds (one column each).
    ///   - limit: at most this many rows (nil: all qualifying rows).
    public static func table(_ rows: [Row], seeds: [Int], limit: Int? = nil) -> [String] {
        let qualifying = rows.filter(\.qualifies)
        let shown = limit.map { Array(qualifying.prefix($0)) } ?? qualifying
        var header = ["rank", "method", "gamma", "alpha0", "alpha", "mean steps"]
        header += seeds.map { "seed \($0)" }
        header += ["median", "p90", "max", "residual", "success"]
        var lines = [
            "| " + header.joined(separator: " | ") + " |",
            "|" + String(repeating: "---|", count: header.count),
        ]
        for (rank, row) in shown.enumerated() {
            let metrics = row.perSeed.map(\.metrics)
            let strategy = row.strategy
            var cells = [
                String(rank + 1), strategy.method.rawValue, ToyStrategy.listText(strategy.gams),
                "\(strategy.alpha0)",
                MetricValue.significant(strategy.alpha0 / strategy.gams[0], digits: 6),
                MetricValue.fixed(row.meanSteps, digits: 3),
            ]
            cells += metrics.map { MetricValue.fixed($0.convergenceSteps, digits: 3) }
            cells += [
                MetricValue.fixed(ToyMetrics.mean(metrics.map(\.medianSteps)), digits: 1),
                String(metrics.map(\.stepsP90).max() ?? 0),
                String(metrics.map(\.stepsMax).max() ?? 0),
                MetricValue.fixed(row.meanResidual, digits: 6),
                "1.000",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    /// One `SEARCH_METRICS` record per row, in rank order: `rank` (0 when not qualifying),
    /// `method gams alpha0 alpha qualifies stopped_early mean_steps mean_residual`, then per seed run
    /// `convergence_steps_seedS success_rate_seedS`.
    public static func records(_ rows: [Row]) -> [MetricsRecord] {
        var rank = 0
        return rows.map { row in
            if row.qualifies { rank += 1 }
            var record = MetricsRecord(label: "SEARCH_METRICS")
            record.append("rank", .int(row.qualifies ? rank : 0))
            record.append("method", .string(row.strategy.method.rawValue))
            record.append("gams", .string(ToyStrategy.listText(row.strategy.gams)))
            record.append("alpha0", .float(row.strategy.alpha0, format: .shortest))
            record.append(
                "alpha", .float(row.strategy.alpha0 / row.strategy.gams[0], format: .significant(6))
            )
            record.append("qualifies", .bool(row.qualifies))
            record.append("stopped_early", .bool(row.stoppedEarly))
            record.append("mean_steps", .float(row.meanSteps, format: .fixed(3)))
            record.append("mean_residual", .float(row.meanResidual))
            for (seed, metrics) in row.perSeed {
                let suffix = seedKeySuffix(seed)
                record.append(
                    "convergence_steps" + suffix,
                    .float(metrics.convergenceSteps, format: .fixed(3)))
                record.append("success_rate" + suffix, .float(metrics.successRate))
            }
            return record
        }
    }
}
