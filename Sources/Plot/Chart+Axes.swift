/// The grid, the frame, ticks, tick labels and axis labels.
extension Chart {
    func gridNode(_ layout: Layout) -> MarkupNode {
        let bottom = layout.plotTop + layout.plotHeight
        let right = layout.plotLeft + layout.plotWidth
        var lines: [MarkupNode] = []
        for tick in layout.x.ticks() {
            guard let x = layout.x.position(of: tick) else { continue }
            lines.append(Self.segment(x, layout.plotTop, x, bottom))
        }
        for tick in layout.y.ticks() {
            guard let y = layout.y.position(of: tick) else { continue }
            lines.append(Self.segment(layout.plotLeft, y, right, y))
        }
        return .element("g", [("class", "grid"), ("stroke", "#e3e3e3"), ("stroke-width", "1")], lines)
    }

    func axesNode(_ layout: Layout) -> MarkupNode {
        let bottom = layout.plotTop + layout.plotHeight
        var lines: [MarkupNode] = [plotRectangle(layout, attributes: [("fill", "none")])]
        var labels: [MarkupNode] = []
        let xTicks = layout.x.ticks()
        for tick in xTicks {
            guard let x = layout.x.position(of: tick) else { continue }
            lines.append(Self.segment(x, bottom, x, bottom + 5))
            labels.append(
                Self.text(Ticks.label(tick, among: xTicks, kind: layout.x.kind), x: x, y: bottom + 18, anchor: "middle"))
        }
        let yTicks = layout.y.ticks()
        for tick in yTicks {
            guard let y = layout.y.position(of: tick) else { continue }
            lines.append(Self.segment(layout.plotLeft - 5, y, layout.plotLeft, y))
            labels.append(
                Self.text(Ticks.label(tick, among: yTicks, kind: layout.y.kind), x: layout.plotLeft - 8, y: y + 4, anchor: "end"))
        }
        let centerY = layout.plotTop + layout.plotHeight / 2
        labels.append(
            Self.text(xLabel, x: layout.plotLeft + layout.plotWidth / 2, y: bottom + 38, anchor: "middle", size: 12))
        labels.append(
            Self.text(
                yLabel, x: 16, y: centerY, anchor: "middle", size: 12,
                extra: [("transform", "rotate(-90 16 \(Self.number(centerY)))")]))
        return .element(
            "g", [("class", "axes")],
            [
                .element("g", [("class", "ticks"), ("stroke", "#333333")], lines),
                .element("g", [("class", "labels"), ("fill", "#222222")], labels),
            ])
    }

    /// A `<line>` from (x1, y1) to (x2, y2).
    static func segment(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> MarkupNode {
        .element("line", [("x1", number(x1)), ("y1", number(y1)), ("x2", number(x2)), ("y2", number(y2))], [])
    }

    /// A `<text>` anchored at (x, y).
    static func text(
        _ content: String, x: Double, y: Double, anchor: String, size: Double? = nil, extra: [(String, String)] = []
    ) -> MarkupNode {
        var attributes = [("x", number(x)), ("y", number(y)), ("text-anchor", anchor)]
        if let size { attributes.append(("font-size", number(size))) }
        return .element("text", attributes + extra, [.text(content)])
    }
}
