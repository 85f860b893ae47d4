/// Why a text is not a JSON document this parser accepts, and where.
///
/// Lines and columns count from 1; a column counts Unicode scalars (a tab is one column), and a line ends at LF,
/// CR or CR LF.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The text breaks RFC 8259 grammar; the message says what was expected and what was found.
        case syntax(String)
        /// An object has the same key twice; `path` is the member's JSON path, `first` where the key first appeared.
        case duplicateKey(key: String, path: JSONPath, firstLine: Int, firstColumn: Int)
    }

    /// Line of the offending token, from 1.
    public var line: Int
    /// Column of the offending token, from 1.
    public var column: Int
    /// What went wrong there.
    public var reason: Reason

    /// An error at this place for this reason.
    public init(line: Int, column: Int, reason: Reason) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// The JSON path of the offending member, for errors that have one (duplicate keys).
    public var path: JSONPath? {
        if case .duplicateKey(_, let path, _, _) = reason { return path }
        return nil
    }

    /// The message without the path: `invalid JSON at line 3, column 7: expected "," or "}", found "]"` or
    /// `duplicate key "count" at line 9, column 7 (first at line 8, column 7)`.
    public var message: String {
        switch reason {
        case .syntax(let message):
            return "invalid JSON at line \(line), column \(column): \(message)"
        case .duplicateKey(let key, _, let firstLine, let firstColumn):
            return "duplicate key \(JSONValue.string(key).serialized(pretty: false)) at line \(line), column "
                + "\(column) (first at line \(firstLine), column \(firstColumn))"
        }
    }

    /// One line: the path (if any) and the message.
    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }
}
