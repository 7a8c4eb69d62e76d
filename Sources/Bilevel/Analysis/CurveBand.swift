/// The median and a quantile band over seeds of one metric on a log grid (METHODS.md §5.4):
/// each seed's curve is read on the grid (``LogGrid/interpolate(x:y:at:)``), then the median and
/// the 20 % and 80 % quantiles are taken point by point.
public struct CurveBand: Sendable, Equatable, Codable {
    /// The abscissae (time in seconds or iterations), log-spaced.
    public var grid: [Double]
    /// Median over seeds at each grid point.
    public var median: [Double]
    /// 20 % quantile at each grid point.
    public var lower: [Double]
    /// 80 % quantile at each grid point.
    public var upper: [Double]

    /// The default band: 20 % to 80 %, as benchopt's figures.
    public static let bandQuantiles = (lower: 0.2, upper: 0.8)

    /// The band of `runs` (one (x, y) series per seed) over a log grid of `points` points from
    /// the smallest positive x of any run to the largest x of any run.
    ///
    /// - Returns: nil when no run has a positive x.
    public static func over(_ runs: [(x: [Double], y: [Double])], points: Int = 500) -> CurveBand? {
        let xs = runs.flatMap(\.x).filter { $0 > 0 && $0.isFinite }
        guard let low = xs.min(), let high = xs.max() else { return nil }
        let grid = LogGrid.points(from: low, to: high, count: points)
        let curves = runs.map { LogGrid.interpolate(x: $0.x, y: $0.y, at: grid) }
        func quantile(_ q: Double) -> [Double] {
            grid.indices.map { k in Quantile.of(curves.map { $0[k] }, q) }
        }
        return CurveBand(
            grid: grid, median: quantile(0.5), lower: quantile(bandQuantiles.lower), upper: quantile(bandQuantiles.upper))
    }

    /// The first grid point where the median reaches `target` (≥, or ≤ when `decreasing`); nil
    /// when it never does.
    public func firstReach(_ target: Double, decreasing: Bool = false) -> Double? {
        median.firstIndex { decreasing ? $0 <= target : $0 >= target }.map { grid[$0] }
    }
}
