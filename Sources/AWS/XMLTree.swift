import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML element as a small value tree: name, text and child elements; attributes and namespaces are dropped
/// (AWS's Query responses use neither for data).
public struct XMLTree: Sendable, Equatable {
    /// The element's local name (`DescribeVpcsResponse`, `item`).
    public var name: String
    /// The element's own text, trimmed; empty for an element that only holds children.
    public var text: String
    /// Child elements in document order.
    public var children: [XMLTree]

    /// An element.
    public init(name: String, text: String = "", children: [XMLTree] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// Parses a document and returns its root element; nil when `bytes` is not well-formed XML.
    public static func parse(_ bytes: [UInt8]) -> XMLTree? {
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    /// The first child named `name`.
    public subscript(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// The element reached by following child names, e.g. `tree.at("Errors", "Error", "Code")`.
    public func at(_ path: String...) -> XMLTree? { at(path) }

    /// The element reached by following `path`.
    public func at(_ path: [String]) -> XMLTree? {
        var node = self
        for name in path {
            guard let next = node[name] else { return nil }
            node = next
        }
        return node
    }

    /// The text at `path`, or nil when an element on the way is missing.
    public func string(_ path: String...) -> String? { at(path)?.text }

    /// The elements of a list at `path`: the children of the element there (`<item>` in EC2, `<member>` elsewhere).
    public func list(_ path: String...) -> [XMLTree] { at(path)?.children ?? [] }

    /// The first element named `name` anywhere below (depth first), self included.
    public func first(named name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(named: name) { return found }
        }
        return nil
    }
}

/// Builds an `XMLTree` from `XMLParser`'s events. Used by one parser on one thread only.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLTree] = []
    var texts: [String] = []
    var root: XMLTree?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        stack.append(XMLTree(name: elementName))
        texts.append("")
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !texts.isEmpty { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if !texts.isEmpty { texts[texts.count - 1] += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        guard var node = stack.popLast(), let text = texts.popLast() else { return }
        node.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }
}
