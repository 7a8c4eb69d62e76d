/// How well x separates clean from polluted training samples (PBGD.md §3.5).
///
/// A sample is kept when x_i ≥ 0. precision = mean(kept ⊙ clean) / (mean(kept) + 1e-8),
/// recall = mean(kept ⊙ clean) / (1 − ρ + 1e-8), F1 = 100·2pr / (p + r + 1e-8) — the benchmark's
/// formulas, including its 1e-8 guards. At x = 0 (everything kept, ρ = 0.5): p = 0.5, r ≈ 1, F1 ≈ 66.67.
public struct CleanerMetrics: Sendable, Equatable {
    /// Fraction of kept samples that are clean.
    public var precision: Double
    /// Kept clean samples over the expected number of clean samples.
    public var recall: Double
    /// F1 score in percent.
    public var f1: Double

    /// Metrics of `x` against the clean flags (1 clean, 0 polluted) for pollution rate `rho`.
    public init(x: UnsafePointer<Float>, cleanFlags: [Float], pollutionRate rho: Double) {
        let n = cleanFlags.count
        var kept = 0.0
        var keptClean = 0.0
        for i in 0..<n where x[i] >= 0 {
            kept += 1
            keptClean += Double(cleanFlags[i])
        }
        let meanKeptClean = keptClean / Double(n)
        precision = meanKeptClean / (kept / Double(n) + 1e-8)
        recall = meanKeptClean / (1 - rho + 1e-8)
        f1 = 100 * 2 * precision * recall / (precision + recall + 1e-8)
    }
}
