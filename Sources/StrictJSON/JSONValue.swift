/// A JSON document or a part of one, as read by `JSONValue(parsing:)` and written by `serialized(pretty:)`.
///
/// Integers and other numbers are told apart (`1` is `.int(1)`, `1.0` and `1e3` are `.double`), as are booleans and
/// numbers, so that a config can insist on `"count": 4` and refuse `4.5` or `true`. An integer literal outside the
/// range of `Int64` is kept as `.double`. Objects keep their members in document order (see `JSONObject`).
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case int(Int64)
    /// Any other number; always finite when parsed.
    case double(Double)
    /// A string, with escapes resolved.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object, its members in document order.
    case object(JSONObject)

    /// The value as an object, or nil if it is not one.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The value as an array, or nil if it is not one.
    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// The value as a string, or nil if it is not one.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The value as an integer, or nil if it is not an integer (a `.double` is never converted).
    public var intValue: Int64? {
        if case .int(let int) = self { return int }
        return nil
    }

    /// The member `key` if the value is an object that has it, else nil.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `nil` as a literal is `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean literal is `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal is `.int`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A float literal is `.double`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal is `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal is `.array`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal is an `.object` with the members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
