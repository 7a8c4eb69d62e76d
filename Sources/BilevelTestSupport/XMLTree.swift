import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element: what the tests inspect of the SVG/HTML output. Parsing with Foundation's
/// `XMLParser` is the well-formedness check itself: it fails on any malformed document.
public final class XMLTree {
    /// The element name.
    public let name: String
    /// Its attributes.
    public let attributes: [String: String]
    /// Child elements in order.
    public private(set) var children: [XMLTree] = []
    /// Its own character data.
    public private(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Parses `document`; throws with the parser's error (line and column) when it is not
    /// well-formed.
    public static func parse(_ document: String) throws -> XMLTree {
        let builder = Builder()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw ParseError(
                description: "\(parser.parserError.map { "\($0)" } ?? "no root") at line \(parser.lineNumber), column \(parser.columnNumber)")
        }
        return root
    }

    /// This element and all below it, depth first.
    public var all: [XMLTree] { [self] + children.flatMap(\.all) }

    /// Every element below (and including) this one with the given name.
    public func elements(named name: String) -> [XMLTree] { all.filter { $0.name == name } }

    /// The concatenated text of this element and its descendants.
    public var allText: String { text + children.map(\.allText).joined() }

    /// The parser's complaint.
    public struct ParseError: Error, CustomStringConvertible {
        /// Where and what.
        public let description: String
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTree?
        var stack: [XMLTree] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let node = XMLTree(name: elementName, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

/// The (x, y) pairs of an SVG path's `M`/`L` commands, in order.
public func pathPoints(_ d: String) -> [(Double, Double)] {
    d.split(separator: " ").compactMap { token in
        guard let first = token.first, first == "M" || first == "L" else { return nil }
        let numbers = token.dropFirst().split(separator: ",").compactMap { Double(String($0)) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }
}
