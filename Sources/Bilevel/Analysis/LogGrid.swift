import Foundation

/// benchopt's common abscissa for curves of several seeds (METHODS.md §5.4): log-spaced points
/// and piecewise-linear interpolation in log–log coordinates.
public enum LogGrid {
    /// `count` points from `lower` to `upper` (both > 0), equally spaced in log (numpy's
    /// `logspace(log10(lower), log10(upper), count)`); the ends are exact.
    public static func points(from lower: Double, to upper: Double, count: Int) -> [Double] {
        precondition(lower > 0 && upper >= lower && count >= 1, "LogGrid: need 0 < lower <= upper, count >= 1")
        guard count > 1, upper > lower else { return [lower] }
        let (a, b) = (log(lower), log(upper))
        return (0..<count).map { k in
            k == 0 ? lower : k == count - 1 ? upper : exp(a + (b - a) * Double(k) / Double(count - 1))
        }
    }

    /// The curve through `(x, y)` read at each grid point: linear in (log x, log y) when every y
    /// is positive, in (log x, y) otherwise; flat beyond the ends (numpy's `interp` clamps).
    ///
    /// Points with x ≤ 0 or a non-finite value are dropped first (log 0 is undefined: a run's
    /// record at time 0 is its initial point, before any solver time). The x values must be
    /// non-decreasing.
    ///
    /// - Returns: one value per grid point; NaN everywhere when no point remains.
    public static func interpolate(x: [Double], y: [Double], at grid: [Double]) -> [Double] {
        precondition(x.count == y.count, "LogGrid.interpolate: \(x.count) x for \(y.count) y")
        let kept = zip(x, y).filter { $0.0 > 0 && $0.0.isFinite && $0.1.isFinite }
        guard let first = kept.first, let last = kept.last else { return grid.map { _ in .nan } }
        let logValues = kept.allSatisfy { $0.1 > 0 }
        let u = kept.map { log($0.0) }
        let v = kept.map { logValues ? log($0.1) : $0.1 }
        return grid.map { point in
            let t = log(point)
            if point <= first.0 { return first.1 }
            if point >= last.0 { return last.1 }
            // The first stored abscissa at or past t (binary search; u is non-decreasing).
            var (low, high) = (1, u.count - 1)
            while low < high {
                let middle = (low + high) / 2
                if u[middle] < t { low = middle + 1 } else { high = middle }
            }
            let segment = low - 1
            let (u0, u1) = (u[segment], u[segment + 1])
            let fraction = u1 > u0 ? (t - u0) / (u1 - u0) : 1
            let value = v[segment] + fraction * (v[segment + 1] - v[segment])
            return logValues ? exp(value) : value
        }
    }
}

/// Quantiles as numpy computes them by default (linear interpolation between order statistics,
/// "type 7"): position q·(n − 1) in the sorted values.
public enum Quantile {
    /// The q-quantile of `values` (q in [0, 1]); NaN for no values. +∞ entries (a seed that
    /// never reached a target) sort last and make every quantile they touch infinite.
    public static func of(_ values: [Double], _ q: Double) -> Double {
        precondition((0...1).contains(q), "Quantile: q = \(q) not in [0, 1]")
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let fraction = position - Double(low)
        if fraction == 0 || sorted[low] == sorted[high] { return sorted[low] }
        if sorted[high].isInfinite { return .infinity }
        return sorted[low] + fraction * (sorted[high] - sorted[low])
    }

    /// The median (q = 0.5).
    public static func median(_ values: [Double]) -> Double { of(values, 0.5) }
}
