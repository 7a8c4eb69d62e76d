/// The legend: one entry per named mark, flowing left to right in rows below the plot.
extension Chart {
    /// Where one legend entry goes: its text and the left end and vertical centre of its sample.
    public struct LegendSlot: Sendable, Equatable {
        /// The entry's text.
        public var name: String
        /// Left end of the sample.
        public var x: Double
        /// Vertical centre of the row.
        public var y: Double
    }

    static let legendRowHeight = 18.0
    static let legendSampleWidth = 30.0

    /// Estimated width of `text` at 11 px (DejaVu Sans averages about 6.4 px per character).
    static func textWidth(_ text: String) -> Double { Double(text.count) * 6.4 }

    static func legendSlots(names: [String], left: Double, top: Double, width: Double) -> [LegendSlot] {
        var slots: [LegendSlot] = []
        var x = left
        var row = 0.0
        for name in names {
            let entryWidth = legendSampleWidth + 6 + textWidth(name) + 18
            if x > left, x + entryWidth > left + width {
                x = left
                row += 1
            }
            slots.append(LegendSlot(name: name, x: x, y: top + row * legendRowHeight + legendRowHeight / 2))
            x += entryWidth
        }
        return slots
    }

    func legendNode(_ layout: Layout) -> MarkupNode {
        let named = marks.filter { $0.name != nil }
        var entries: [MarkupNode] = []
        for (mark, slot) in zip(named, layout.legend) {
            let middle = slot.x + Self.legendSampleWidth / 2
            var sample: [MarkupNode] = []
            switch mark {
            case .line(let series):
                var attributes = [("stroke", series.style.color), ("stroke-width", Self.number(series.style.lineWidth))]
                if let dash = series.style.dashArray { attributes.append(("stroke-dasharray", dash)) }
                sample.append(
                    .element(
                        "line",
                        [("x1", Self.number(slot.x)), ("y1", Self.number(slot.y)), ("x2", Self.number(slot.x + Self.legendSampleWidth)), ("y2", Self.number(slot.y))]
                            + attributes, []))
                if series.markerEvery > 0 { sample.append(Self.marker(series.style, x: middle, y: slot.y, radius: 3.2)) }
            case .band(let series):
                sample.append(swatch(slot, color: series.color, opacity: max(series.opacity, 0.3)))
            case .bars(let series):
                sample.append(swatch(slot, color: series.style.color, opacity: 0.55))
            case .points(let series):
                var style = series.style
                if style.marker == .none { style.marker = .circle }
                sample.append(Self.marker(style, x: middle, y: slot.y, radius: series.radius))
            }
            sample.append(Self.text(slot.name, x: slot.x + Self.legendSampleWidth + 6, y: slot.y + 4, anchor: "start"))
            entries.append(.element("g", [("class", "legend-entry")], sample))
        }
        return .element("g", [("class", "legend"), ("fill", "#222222")], entries)
    }

    private func swatch(_ slot: LegendSlot, color: String, opacity: Double) -> MarkupNode {
        .element(
            "rect",
            [
                ("x", Self.number(slot.x)), ("y", Self.number(slot.y - 6)), ("width", Self.number(Self.legendSampleWidth)), ("height", "12"),
                ("fill", color), ("fill-opacity", Self.number(opacity)), ("stroke", color),
            ], [])
    }
}
