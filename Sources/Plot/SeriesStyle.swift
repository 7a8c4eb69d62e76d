/// How a series is drawn: stroke colour, dash pattern, marker and width.
///
/// Colour alone does not survive grey print or colour-blind readers, so ``Palette`` varies the
/// dash pattern and the marker together with the colour.
public struct SeriesStyle: Sendable, Equatable {
    /// A CSS colour (`#0072b2`).
    public var color: String
    /// SVG `stroke-dasharray` lengths in pixels; empty for a solid line.
    public var dash: [Double]
    /// The marker drawn at points (and in the legend).
    public var marker: Marker
    /// Stroke width in pixels.
    public var lineWidth: Double

    /// A style; see the properties.
    public init(color: String, dash: [Double] = [], marker: Marker = .none, lineWidth: Double = 1.8) {
        self.color = color
        self.dash = dash
        self.marker = marker
        self.lineWidth = lineWidth
    }

    /// The `stroke-dasharray` value, nil for a solid line.
    public var dashArray: String? {
        dash.isEmpty ? nil : dash.map { Chart.number($0) }.joined(separator: " ")
    }
}

/// A point marker.
public enum Marker: String, Sendable, CaseIterable {
    /// No marker.
    case none
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled upward triangle.
    case triangle
    /// A filled diamond.
    case diamond
    /// An open cross (×).
    case cross
}

/// The default styles: the Okabe–Ito colour-blind-safe colours, each paired with its own dash
/// pattern and marker, so neighbouring series differ in three ways (also in grey print).
public enum Palette {
    /// Okabe & Ito (2008), without yellow (too pale on white): blue, vermilion, bluish green,
    /// reddish purple, orange, sky blue, black.
    public static let colors = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
    /// Solid, dashed, dotted, dash-dot, long dash, dash-dot-dot.
    public static let dashes: [[Double]] = [[], [7, 4], [2, 3], [8, 3, 2, 3], [12, 4], [8, 3, 2, 3, 2, 3]]
    /// The markers in order (no `.none`).
    public static let markers: [Marker] = [.circle, .square, .triangle, .diamond, .cross]

    /// The style of series number `index` (0-based); colours, dashes and markers cycle with
    /// coprime-ish periods (7, 6, 5), so the first 210 combinations are distinct.
    public static func style(_ index: Int) -> SeriesStyle {
        let i = max(index, 0)
        return SeriesStyle(
            color: colors[i % colors.count], dash: dashes[i % dashes.count],
            marker: markers[i % markers.count])
    }
}
