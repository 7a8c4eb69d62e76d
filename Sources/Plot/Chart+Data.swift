/// The numbers behind a chart, as CSV (what `bilevel report --csv` writes per figure).
extension Chart {
    /// Header `series,kind,x,y,y_lower,y_upper,x_upper` and one line per drawn value: lines and
    /// points fill `x,y`; bands `x,y_lower,y_upper`; bars `x` (left edge), `x_upper`, `y`
    /// (height). Unnamed marks are called `mark N` (1-based). Numbers in full precision.
    public func dataCSV() -> [String] {
        var lines = ["series,kind,x,y,y_lower,y_upper,x_upper"]
        func row(_ series: String, _ kind: String, _ values: [Double?]) {
            let cells = values.map { $0.map { "\($0)" } ?? "" }
            lines.append(([Self.csvField(series), kind] + cells).joined(separator: ","))
        }
        for (index, mark) in marks.enumerated() {
            let name = mark.name ?? "mark \(index + 1)"
            switch mark {
            case .line(let s): for p in s.points { row(name, "line", [p.x, p.y, nil, nil, nil]) }
            case .points(let s): for p in s.points { row(name, "points", [p.x, p.y, nil, nil, nil]) }
            case .band(let s):
                for k in s.x.indices { row(name, "band", [s.x[k], nil, s.lower[k], s.upper[k], nil]) }
            case .bars(let s):
                for bin in s.bins { row(name, "bars", [bin.lower, bin.count, nil, nil, bin.upper]) }
            }
        }
        return lines
    }

    /// A CSV cell: quoted, with doubled inner quotes, when it holds a comma, quote or newline.
    static func csvField(_ text: String) -> String {
        let special = text.contains { ",\"\n\r".contains($0) }
        return special ? "\"\(text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\""))\"" : text
    }
}
