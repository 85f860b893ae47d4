/// A location inside a JSON document, written the way error messages show it: `$.clusters[1].count`.
///
/// `$` is the root; keys that are plain identifiers are joined with `.`, any other key is written in brackets as a
/// JSON string (`$["two words"]`), array elements by index from 0 (`[1]`).
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down from a container.
    public enum Component: Sendable, Hashable {
        /// A member of an object, by key.
        case key(String)
        /// An element of an array, by index from 0.
        case index(Int)
    }

    /// The steps from the root, outermost first; empty for the root itself.
    public private(set) var components: [Component]

    /// The root of the document (`$`).
    public static let root = JSONPath(components: [])

    /// A path made of these steps from the root.
    public init(components: [Component]) {
        self.components = components
    }

    /// The path of the member `key` of the object at this path.
    public func appending(key: String) -> JSONPath {
        JSONPath(components: components + [.key(key)])
    }

    /// The path of the element `index` of the array at this path.
    public func appending(index: Int) -> JSONPath {
        JSONPath(components: components + [.index(index)])
    }

    /// The path as shown to people, starting with `$`.
    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .key(let key) where Self.isIdentifier(key):
                text += "." + key
            case .key(let key):
                text += "[" + JSONValue.string(key).serialized(pretty: false) + "]"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// Whether `key` can be written after a dot: ASCII letters, digits and `_`, not starting with a digit.
    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                return true
            default:
                return false
            }
        }
    }
}
