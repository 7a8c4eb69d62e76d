/// Drawing the marks: paths for lines and bands, rects for bars, marker shapes for points.
extension Chart {
    func markNode(_ mark: Mark, _ layout: Layout) -> MarkupNode {
        let named: [(String, String)] = mark.name.map { [("data-name", $0)] } ?? []
        switch mark {
        case .line(let series):
            var children: [MarkupNode] = []
            let d = Self.pathData(series.points, layout)
            if !d.isEmpty {
                var attributes = [("d", d), ("fill", "none"), ("stroke", series.style.color), ("stroke-width", Self.number(series.style.lineWidth))]
                attributes.append(("stroke-linejoin", "round"))
                if let dash = series.style.dashArray { attributes.append(("stroke-dasharray", dash)) }
                children.append(.element("path", attributes, []))
            }
            if series.markerEvery > 0, series.style.marker != .none {
                let marked = series.points.enumerated().filter { $0.offset % series.markerEvery == 0 }.map(\.element)
                children += Self.markers(marked, style: series.style, radius: 3.2, layout)
            }
            return .element("g", [("class", "mark line")] + named, children)
        case .band(let series):
            let upper = zip(series.x, series.upper).map { DataPoint($0, $1) }
            let lower = zip(series.x, series.lower).map { DataPoint($0, $1) }.reversed()
            let drawable = (upper + lower).filter { Self.drawable($0, layout) }
            guard drawable.count >= 3 else { return .element("g", [("class", "mark band")] + named, []) }
            let d = Self.pathData(drawable, layout) + " Z"
            return .element(
                "path", [("class", "mark band"), ("d", d), ("fill", series.color), ("fill-opacity", Self.number(series.opacity)), ("stroke", "none")] + named,
                [])
        case .bars(let series):
            let base = layout.y.kind == .linear ? max(layout.y.domain.lowerBound, 0) : layout.y.domain.lowerBound
            let rects: [MarkupNode] = series.bins.compactMap { bin in
                guard let x0 = layout.x.position(of: bin.lower), let x1 = layout.x.position(of: bin.upper),
                    let y0 = layout.y.position(of: base), let y1 = layout.y.position(of: bin.count), bin.count > 0
                else { return nil }
                return .element(
                    "rect",
                    [("x", Self.number(min(x0, x1))), ("y", Self.number(min(y0, y1))), ("width", Self.number(abs(x1 - x0))), ("height", Self.number(abs(y1 - y0)))],
                    [])
            }
            var attributes = [("class", "mark bars"), ("fill", series.style.color), ("fill-opacity", "0.55"), ("stroke", series.style.color)]
            if let dash = series.style.dashArray { attributes.append(("stroke-dasharray", dash)) }
            return .element("g", attributes + named, rects)
        case .points(let series):
            var style = series.style
            if style.marker == .none { style.marker = .circle }
            return .element("g", [("class", "mark points")] + named, Self.markers(series.points, style: style, radius: series.radius, layout))
        }
    }

    static func drawable(_ point: DataPoint, _ layout: Layout) -> Bool {
        layout.x.position(of: point.x) != nil && layout.y.position(of: point.y) != nil
    }

    /// `M x,y L x,y …`, starting a new subpath after every point the scales cannot show.
    static func pathData(_ points: [DataPoint], _ layout: Layout) -> String {
        var parts: [String] = []
        var penDown = false
        for point in points {
            guard let x = layout.x.position(of: point.x), let y = layout.y.position(of: point.y) else {
                penDown = false
                continue
            }
            parts.append("\(penDown ? "L" : "M")\(number(x)),\(number(y))")
            penDown = true
        }
        return parts.joined(separator: " ")
    }

    static func markers(_ points: [DataPoint], style: SeriesStyle, radius: Double, _ layout: Layout) -> [MarkupNode] {
        points.compactMap { point in
            guard let x = layout.x.position(of: point.x), let y = layout.y.position(of: point.y) else { return nil }
            return marker(style, x: x, y: y, radius: radius)
        }
    }

    /// One marker shape centred at (x, y).
    static func marker(_ style: SeriesStyle, x: Double, y: Double, radius r: Double) -> MarkupNode {
        let fill = [("fill", style.color), ("stroke", "#ffffff"), ("stroke-width", "0.6")]
        func polygon(_ corners: [(Double, Double)]) -> MarkupNode {
            let d = corners.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(number(x + $0.element.0)),\(number(y + $0.element.1))" }
            return .element("path", [("d", d.joined(separator: " ") + " Z")] + fill, [])
        }
        switch style.marker {
        case .none: return .element("g", [], [])
        case .circle: return .element("circle", [("cx", number(x)), ("cy", number(y)), ("r", number(r))] + fill, [])
        case .square:
            return .element("rect", [("x", number(x - r)), ("y", number(y - r)), ("width", number(2 * r)), ("height", number(2 * r))] + fill, [])
        case .triangle: return polygon([(0, -1.2 * r), (1.1 * r, 0.8 * r), (-1.1 * r, 0.8 * r)])
        case .diamond: return polygon([(0, -1.3 * r), (1.1 * r, 0), (0, 1.3 * r), (-1.1 * r, 0)])
        case .cross:
            let d = "M\(number(x - r)),\(number(y - r)) L\(number(x + r)),\(number(y + r)) M\(number(x - r)),\(number(y + r)) L\(number(x + r)),\(number(y - r))"
            return .element("path", [("d", d), ("stroke", style.color), ("stroke-width", "1.8"), ("fill", "none")], [])
        }
    }
}
