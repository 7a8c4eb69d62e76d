import Foundation

/// Tick positions and labels: round numbers (1, 2, 5 × 10ᵏ) on linear axes, powers of ten (or
/// 1-2-5 values when the range spans less than a decade) on log axes.
public enum Ticks {
    /// The smallest of 1, 2, 5 × 10ᵏ that is ≥ `raw` (positive); 1 for a non-positive input.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for mantissa in [1.0, 2.0, 5.0, 10.0] where mantissa * magnitude >= raw * (1 - 1e-9) {
            return mantissa * magnitude
        }
        return 10 * magnitude
    }

    /// Multiples of one nice step inside `domain`, about `count` of them (at least two when the
    /// domain has positive width).
    public static func linear(in domain: ClosedRange<Double>, count: Int = 6) -> [Double] {
        let width = domain.upperBound - domain.lowerBound
        guard width > 0 else { return [domain.lowerBound] }
        let step = niceStep(width / Double(max(count, 1)))
        let first = ceil(domain.lowerBound / step - 1e-9)
        let last = floor(domain.upperBound / step + 1e-9)
        guard first <= last else { return [] }
        // k·step, not repeated addition, so 0.1·3 is one rounding away from 0.3, not three.
        return stride(from: first, through: last, by: 1).map { k in
            let value = k * step
            return abs(value) < step * 1e-9 ? 0 : value
        }
    }

    /// Ticks of a log axis inside `domain` (positive bounds): the powers of ten when at least two
    /// fall inside (every second one past eight decades), else the 1-2-5 values, else two
    /// linear ticks.
    public static func logarithmic(in domain: ClosedRange<Double>) -> [Double] {
        precondition(domain.lowerBound > 0, "Ticks.logarithmic: domain must be positive")
        let tolerance = 1e-9
        let inside = { (v: Double) in
            v >= domain.lowerBound * (1 - tolerance) && v <= domain.upperBound * (1 + tolerance)
        }
        let lowExponent = Int(floor(log10(domain.lowerBound)))
        let highExponent = Int(ceil(log10(domain.upperBound)))
        let powers = (lowExponent...highExponent).map { pow(10, Double($0)) }.filter(inside)
        if powers.count >= 2 {
            let stride = powers.count > 8 ? 2 : 1
            return powers.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
        }
        let steps = (lowExponent...highExponent).flatMap { exponent in
            [1.0, 2.0, 5.0].map { $0 * pow(10, Double(exponent)) }
        }.filter(inside)
        if steps.count >= 2 { return steps }
        return linear(in: domain, count: 3).filter { $0 > 0 }
    }

    /// The largest 1-2-5 × 10ᵏ value ≤ `value` (positive).
    public static func roundDown125(_ value: Double) -> Double {
        let magnitude = pow(10, floor(log10(value)))
        return [5.0, 2.0, 1.0].first { $0 * magnitude <= value * (1 + 1e-9) }.map { $0 * magnitude }
            ?? magnitude
    }

    /// The smallest 1-2-5 × 10ᵏ value ≥ `value` (positive).
    public static func roundUp125(_ value: Double) -> Double {
        let magnitude = pow(10, floor(log10(value)))
        return [1.0, 2.0, 5.0, 10.0].first { $0 * magnitude >= value * (1 - 1e-9) }.map {
            $0 * magnitude
        } ?? 10 * magnitude
    }

    /// The label of a tick among `ticks`: on a linear axis the fewest decimals that print every
    /// tick exactly; `%g` (1e-05, 0.01, 100, 1e+06) on a log axis or for very large or small numbers.
    public static func label(_ value: Double, among ticks: [Double], kind: Scale.Kind) -> String {
        if value == 0 { return "0" }
        let largest = ticks.map(abs).max() ?? abs(value)
        if kind == .logarithmic || largest >= 1e6 || largest < 1e-4 {
            return String(format: "%g", value)
        }
        // The fewest decimals that show every tick exactly, so 0, 0.25, 0.50 share one format.
        let decimals =
            (0...10).first { digits in
                let scale = pow(10, Double(digits))
                return (ticks + [value]).allSatisfy { abs($0 * scale - ($0 * scale).rounded()) < 1e-6 }
            } ?? 10
        return String(format: "%.\(decimals)f", value)
    }
}
