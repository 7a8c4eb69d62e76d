/// A node of an XML/SVG/XHTML document: an element with attributes and children, or text.
///
/// Rendering escapes every attribute value and text node (``Markup/escape(_:)``), so data and
/// labels (solver names with `<`, `&`, quotes) can never break the document.
///
/// ```swift
/// let node = MarkupNode.element("text", ["x": "10"], [.text("a < b")])
/// node.rendered()   // <text x="10">a &lt; b</text>
/// ```
public indirect enum MarkupNode: Sendable, Equatable {
    /// An element: its name, its attributes in output order, its children.
    case element(String, [(String, String)], [MarkupNode])
    /// Character data (escaped when rendered).
    case text(String)
    /// Already-rendered markup inserted verbatim (a whole SVG inside an HTML page).
    case raw(String)

    /// An element with attributes given as a dictionary literal (sorted by name for a stable
    /// output) or as an ordered list.
    public static func element(
        _ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [MarkupNode] = []
    ) -> MarkupNode {
        .element(name, attributes.map { ($0.key, $0.value) }, children)
    }

    /// The node as text; elements without children are self-closed (`<line … />`).
    public func rendered() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .text(let text): out += Markup.escape(text)
        case .raw(let text): out += text
        case .element(let name, let attributes, let children):
            out += "<" + name
            for (key, value) in attributes { out += " \(key)=\"\(Markup.escape(value))\"" }
            if children.isEmpty {
                out += "/>"
                return
            }
            out += ">"
            for child in children { child.render(into: &out) }
            out += "</\(name)>"
        }
    }

    public static func == (lhs: MarkupNode, rhs: MarkupNode) -> Bool {
        lhs.rendered() == rhs.rendered()
    }
}

/// Escaping for XML text and attribute values.
public enum Markup {
    /// `text` with `& < > " '` replaced by entities and characters XML 1.0 forbids (control
    /// characters other than tab, newline and carriage return) dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
