import Foundation

/// A map from data values to pixel positions along one axis, linear or logarithmic.
///
/// `position(of:)` maps `domain.lowerBound` to `start` and `domain.upperBound` to `end`
/// (`start > end` for a y axis, whose pixels grow downwards). On a log scale the map is linear in
/// log₁₀ v.
///
/// ```swift
/// let x = Scale(.logarithmic, domain: 1...100, start: 0, end: 200)
/// x.position(of: 10)   // 100
/// ```
public struct Scale: Sendable, Equatable {
    /// How values are spaced.
    public enum Kind: String, Sendable, Equatable {
        /// Equal differences, equal distances.
        case linear
        /// Equal ratios, equal distances; only positive values have a position.
        case logarithmic
    }

    /// Linear or logarithmic.
    public let kind: Kind
    /// The data interval shown (positive bounds on a log scale).
    public let domain: ClosedRange<Double>
    /// Pixel position of `domain.lowerBound`.
    public let start: Double
    /// Pixel position of `domain.upperBound`.
    public let end: Double

    /// A scale; see the properties.
    ///
    /// - Precondition: finite bounds; positive ones on a log scale.
    public init(_ kind: Kind, domain: ClosedRange<Double>, start: Double, end: Double) {
        precondition(
            domain.lowerBound.isFinite && domain.upperBound.isFinite
                && (kind == .linear || domain.lowerBound > 0),
            "Scale: bad \(kind) domain \(domain)")
        self.kind = kind
        self.domain = domain
        self.start = start
        self.end = end
    }

    /// Whether `value` can be drawn on this kind of scale (finite, and positive on a log scale).
    public static func accepts(_ value: Double, kind: Kind) -> Bool {
        value.isFinite && (kind == .linear || value > 0)
    }

    /// The pixel position of `value`, or nil when the scale cannot show it (not finite, or ≤ 0 on
    /// a log scale). Values outside the domain map outside `start...end` (clipping is the
    /// chart's job).
    public func position(of value: Double) -> Double? {
        guard Self.accepts(value, kind: kind) else { return nil }
        let (low, high, v) =
            kind == .linear
            ? (domain.lowerBound, domain.upperBound, value)
            : (log10(domain.lowerBound), log10(domain.upperBound), log10(value))
        let fraction = high > low ? (v - low) / (high - low) : 0.5
        return start + fraction * (end - start)
    }

    /// The ticks inside the domain (``Ticks/linear(in:count:)`` or
    /// ``Ticks/logarithmic(in:)``).
    public func ticks(count: Int = 6) -> [Double] {
        kind == .linear ? Ticks.linear(in: domain, count: count) : Ticks.logarithmic(in: domain)
    }

    /// A domain that covers `values` and ends on round numbers (multiples of the tick step on a
    /// linear scale, 1-2-5 × 10ᵏ on a log scale); values the kind cannot show are ignored.
    ///
    /// A single value (or none) gets a small interval around it (or 0...1, 1...10).
    public static func niceDomain(covering values: [Double], kind: Kind, count: Int = 6)
        -> ClosedRange<Double>
    {
        let shown = values.filter { accepts($0, kind: kind) }
        guard var low = shown.min(), var high = shown.max() else {
            return kind == .linear ? 0...1 : 1...10
        }
        switch kind {
        case .linear:
            if low == high {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                (low, high) = (low - pad, high + pad)
            }
            let step = Ticks.niceStep((high - low) / Double(max(count, 1)))
            return (floor(low / step + 1e-9) * step)...(ceil(high / step - 1e-9) * step)
        case .logarithmic:
            if low == high { (low, high) = (low / 2, high * 2) }
            return Ticks.roundDown125(low)...Ticks.roundUp125(high)
        }
    }
}
