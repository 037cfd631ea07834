import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A report parsed as XML (which also proves it is well-formed), with lookups by element name
/// and attribute, ignoring namespaces (XHTML and SVG).
struct ParsedPage {
    let document: XMLDocument
    let source: String

    init(_ url: URL) throws {
        source = try String(contentsOf: url, encoding: .utf8)
        document = try XMLDocument(data: Data(source.utf8), options: [])
    }

    static func all(_ node: XMLNode) -> [XMLElement] {
        var out: [XMLElement] = []
        for child in node.children ?? [] {
            if let element = child as? XMLElement {
                out.append(element)
                out += all(element)
            }
        }
        return out
    }

    var elements: [XMLElement] { Self.all(document) }

    /// Elements named `name` (local name), optionally inside `root`, whose attributes include `attributes`.
    func find(_ name: String, in root: XMLNode? = nil, _ attributes: [String: String] = [:]) -> [XMLElement] {
        (root.map(Self.all) ?? elements).filter { element in
            (element.localName ?? element.name) == name
                && attributes.allSatisfy { Self.attribute(element, $0.key) == $0.value }
        }
    }

    /// The `<svg>` whose `data-chart` is `chart`.
    func chart(_ chart: String) -> [XMLElement] { find("svg", ["data-chart": chart]) }

    /// Whether the element's `class` attribute lists `name`.
    static func hasClass(_ element: XMLElement, _ name: String) -> Bool {
        (attribute(element, "class") ?? "").split(separator: " ").contains { $0 == name }
    }

    func withClass(_ name: String, in root: XMLNode) -> [XMLElement] {
        Self.all(root).filter { Self.hasClass($0, name) }
    }

    /// The attribute's value. (Looked up by walking the attributes: FoundationXML's
    /// `attribute(forName:)` misses un-prefixed attributes of elements in a default namespace.)
    static func attribute(_ element: XMLElement, _ name: String) -> String? {
        (element.attributes ?? []).first { ($0.localName ?? $0.name) == name }?.stringValue
    }
}
