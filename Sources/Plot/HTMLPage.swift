/// A self-contained HTML page: headings, paragraphs, tables and inline SVG figures, one inline
/// style sheet, no scripts and no external resources, so it opens offline.
///
/// The output is also well-formed XML (XHTML syntax: every element closed), so tests can parse
/// it with an XML parser.
public struct HTMLPage: Sendable {
    /// One part of the page.
    public indirect enum Block: Sendable {
        /// A heading, `<h1>`…`<h4>`.
        case heading(level: Int, text: String)
        /// A paragraph of text.
        case paragraph(String)
        /// An inline SVG with a caption.
        case figure(svg: MarkupNode, caption: String)
        /// A table.
        case table(HTMLTable)
        /// Blocks side by side (wrapping on narrow screens).
        case row([Block])
    }

    /// The page title (`<title>` and nothing else).
    public var title: String
    /// The content in order.
    public var blocks: [Block]

    /// A page; see the properties.
    public init(title: String, blocks: [Block] = []) {
        self.title = title
        self.blocks = blocks
    }

    /// The whole document, starting with `<!DOCTYPE html>`.
    public func rendered() -> String {
        let head = MarkupNode.element(
            "head", [],
            [
                .element("meta", [("charset", "utf-8")], []),
                .element("title", [], [.text(title)]),
                .element("style", [], [.raw(Self.styleSheet)]),
            ])
        let body = MarkupNode.element("body", [], blocks.map(Self.node))
        let html = MarkupNode.element("html", [("xmlns", "http://www.w3.org/1999/xhtml"), ("lang", "en")], [head, body])
        return "<!DOCTYPE html>\n" + html.rendered() + "\n"
    }

    static func node(_ block: Block) -> MarkupNode {
        switch block {
        case .heading(let level, let text): return .element("h\(min(max(level, 1), 4))", [], [.text(text)])
        case .paragraph(let text): return .element("p", [], [.text(text)])
        case .figure(let svg, let caption):
            return .element("figure", [], [svg, .element("figcaption", [], [.text(caption)])])
        case .table(let table): return table.node()
        case .row(let blocks): return .element("div", [("class", "row")], blocks.map(node))
        }
    }

    // No '<' in here: the sheet is inserted verbatim.
    static let styleSheet = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #222; max-width: 1320px; }
        h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ccc; } h3 { font-size: 15px; }
        figure { display: inline-block; margin: 8px 16px 8px 0; vertical-align: top; }
        figcaption { font-size: 12px; color: #555; max-width: 620px; }
        table { border-collapse: collapse; font-size: 12px; margin: 8px 16px 8px 0; vertical-align: top; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { border: 1px solid #bbb; padding: 3px 7px; } th { background: #f0f0f0; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .row { display: flex; flex-wrap: wrap; align-items: flex-start; }
        p { font-size: 13px; max-width: 1000px; }
        """
}

/// A table of text cells; cells that read as numbers are right-aligned.
public struct HTMLTable: Sendable {
    /// Caption above the table; nil for none.
    public var caption: String?
    /// Column headers.
    public var header: [String]
    /// Rows of cells (as many as `header`).
    public var rows: [[String]]

    /// A table; see the properties.
    public init(caption: String? = nil, header: [String], rows: [[String]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }

    func node() -> MarkupNode {
        var children: [MarkupNode] = []
        if let caption { children.append(.element("caption", [], [.text(caption)])) }
        children.append(.element("thead", [], [.element("tr", [], header.map { .element("th", [], [.text($0)]) })]))
        let body = rows.map { row in
            MarkupNode.element(
                "tr", [],
                row.map { cell in
                    .element("td", Self.isNumeric(cell) ? [("class", "num")] : [], [.text(cell)])
                })
        }
        children.append(.element("tbody", [], body))
        return .element("table", [], children)
    }

    static func isNumeric(_ cell: String) -> Bool {
        let trimmed = cell.trimmingPrefix("-")
        return !trimmed.isEmpty && trimmed.allSatisfy { $0.isNumber || $0 == "." || $0 == "e" || $0 == "%" || $0 == "+" || $0 == "-" }
    }
}
