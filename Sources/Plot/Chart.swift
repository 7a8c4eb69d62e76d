import Foundation

/// A 2-D chart rendered as one self-contained SVG: title, axes with ticks and labels, grid, the
/// marks (clipped to the plot area) and a legend below the plot.
///
/// ```swift
/// var chart = Chart(title: "Test error", xLabel: "time (s)", yLabel: "error (%)", xScale: .logarithmic)
/// chart.marks.append(.line(LineSeries(name: "soba", points: points, style: Palette.style(0))))
/// let svg = chart.svg(id: "fig1")
/// ```
///
/// The domains are the given ones or round intervals covering the data
/// (``Scale/niceDomain(covering:kind:count:)``). Geometry is exposed by ``layout()`` so callers
/// (and tests) can say where a data point lands.
public struct Chart: Sendable {
    /// Title above the plot (also the SVG's `<title>`).
    public var title: String
    /// Label under the x axis.
    public var xLabel: String
    /// Label left of the y axis (rotated).
    public var yLabel: String
    /// Linear or log x axis.
    public var xScale: Scale.Kind
    /// Linear or log y axis.
    public var yScale: Scale.Kind
    /// Shown x interval; nil: a round interval covering the data.
    public var xDomain: ClosedRange<Double>?
    /// Shown y interval; nil: a round interval covering the data.
    public var yDomain: ClosedRange<Double>?
    /// Total width in pixels.
    public var width: Double
    /// Height of the plot area in pixels (the legend adds to the total height).
    public var plotHeight: Double
    /// The layers, drawn in order.
    public var marks: [Mark]

    /// Space around the plot area: left (y tick labels and label), right, top (title), bottom
    /// (x tick labels and label).
    public static let margins = (left: 72.0, right: 24.0, top: 34.0, bottom: 48.0)

    /// An empty chart; see the properties.
    public init(
        title: String, xLabel: String, yLabel: String, xScale: Scale.Kind = .linear,
        yScale: Scale.Kind = .linear, width: Double = 620, plotHeight: Double = 300
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.plotHeight = plotHeight
        marks = []
    }

    /// Where everything goes: the plot rectangle, the two scales, the legend rows.
    public struct Layout: Sendable {
        /// Left edge of the plot area.
        public var plotLeft: Double
        /// Top edge of the plot area.
        public var plotTop: Double
        /// Width of the plot area.
        public var plotWidth: Double
        /// Height of the plot area.
        public var plotHeight: Double
        /// Data x → pixel x.
        public var x: Scale
        /// Data y → pixel y (increasing upwards).
        public var y: Scale
        /// The legend entries' positions.
        public var legend: [LegendSlot]
        /// Total height of the SVG.
        public var height: Double
    }

    /// The geometry of this chart.
    public func layout() -> Layout {
        let margins = Self.margins
        let plotWidth = max(width - margins.left - margins.right, 10)
        let xDomain = self.xDomain ?? Scale.niceDomain(covering: marks.flatMap(\.xValues), kind: xScale)
        let yDomain = self.yDomain ?? Scale.niceDomain(covering: marks.flatMap(\.yValues), kind: yScale)
        let top = margins.top
        let x = Scale(xScale, domain: xDomain, start: margins.left, end: margins.left + plotWidth)
        let y = Scale(yScale, domain: yDomain, start: top + plotHeight, end: top)
        let legendTop = top + plotHeight + margins.bottom
        let legend = Self.legendSlots(
            names: marks.compactMap(\.name), left: margins.left, top: legendTop, width: plotWidth)
        let legendHeight = legend.map { $0.y + Self.legendRowHeight / 2 }.max().map { $0 - legendTop + 6 } ?? 0
        return Layout(
            plotLeft: margins.left, plotTop: top, plotWidth: plotWidth, plotHeight: plotHeight,
            x: x, y: y, legend: legend, height: (legendTop + legendHeight).rounded(.up))
    }

    /// The chart as an SVG document (no XML declaration, so it can also be inlined in HTML).
    ///
    /// - Parameter id: prefix of the element ids (the clip path); unique per page when several
    ///   charts share one HTML document.
    public func svg(id: String) -> String { node(id: id).rendered() }

    /// The chart as a markup tree; see ``svg(id:)``.
    public func node(id: String) -> MarkupNode {
        let layout = layout()
        let clipID = "\(id)-plot"
        var children: [MarkupNode] = [
            .element("title", [], [.text(title)]),
            .element("rect", ["width": Self.number(width), "height": Self.number(layout.height), "fill": "#ffffff"]),
            .element("clipPath", [("id", clipID)], [plotRectangle(layout, attributes: [])]),
        ]
        children.append(gridNode(layout))
        children.append(.element("g", [("class", "marks"), ("clip-path", "url(#\(clipID))")], marks.map { markNode($0, layout) }))
        children.append(axesNode(layout))
        children.append(Self.text(title, x: width / 2, y: 20, anchor: "middle", size: 14, extra: [("font-weight", "bold")]))
        children.append(legendNode(layout))
        return .element(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", Self.number(width)), ("height", Self.number(layout.height)),
                ("viewBox", "0 0 \(Self.number(width)) \(Self.number(layout.height))"), ("font-family", "DejaVu Sans, Arial, sans-serif"),
                ("font-size", "11"), ("role", "img"), ("aria-label", title), ("id", id),
            ], children)
    }

    /// The plot area as a `<rect>` with extra attributes.
    func plotRectangle(_ layout: Layout, attributes: [(String, String)]) -> MarkupNode {
        .element(
            "rect",
            [
                ("x", Self.number(layout.plotLeft)), ("y", Self.number(layout.plotTop)), ("width", Self.number(layout.plotWidth)),
                ("height", Self.number(layout.plotHeight)),
            ] + attributes, [])
    }

    /// A coordinate as SVG text: two decimals at most, no trailing zeros (`12.5`, `300`).
    public static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
