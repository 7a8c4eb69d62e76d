import Plot

/// One figure of a report: a chart, its caption and the file stem of its `--svg` / `--csv`
/// files.
struct ReportFigure {
    /// File stem and SVG id prefix, unique in the report (`mnist-test-error-vs-time`).
    var id: String
    /// The chart.
    var chart: Chart
    /// One or two sentences under the figure.
    var caption: String
}

/// One section of a report: a heading, explanatory paragraphs, figures, then tables side by side.
struct ReportSection {
    /// The heading.
    var title: String
    /// Paragraphs under the heading.
    var paragraphs: [String] = []
    /// The figures, in order.
    var figures: [ReportFigure] = []
    /// Tables shown side by side after the figures.
    var tables: [HTMLTable] = []

    /// The section as HTML blocks.
    var blocks: [HTMLPage.Block] {
        var blocks: [HTMLPage.Block] = [.heading(level: 2, text: title)]
        blocks += paragraphs.map { .paragraph($0) }
        blocks += figures.map { .figure(svg: $0.chart.node(id: $0.id), caption: $0.caption) }
        if !tables.isEmpty { blocks.append(.row(tables.map { .table($0) })) }
        return blocks
    }

    /// `text` as a file-name-safe id part: lower case letters, digits and `-`.
    static func slug(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                out.append(character)
            } else if !out.hasSuffix("-") {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "figure" : out
    }
}
