import StrictJSON

/// A value of a config document with its place in it, and the checks that turn it into a typed value or a
/// `ConfigError` naming that place.
///
/// Every message says what was expected and what was found (`expected an integer, found string "4"`).
public struct ConfigNode: Sendable {
    /// The JSON value at `path`.
    public let value: JSONValue
    /// Where the value is.
    public let path: JSONPath
    /// The file, as named by the user, for errors.
    public let file: String

    /// A node for `value` found at `path` in `file`.
    public init(value: JSONValue, path: JSONPath, file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    /// An error at this node.
    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, path: path.description, message: message)
    }

    /// The error for a required member that the object at this node lacks.
    public func missing(_ key: String) -> ConfigError {
        error("missing required key \(Self.quote(key))")
    }

    /// The error for this node being a member whose key the schema does not know, with a suggestion when a known
    /// key is within edit distance 2.
    public func unknownKey(expected knownKeys: [String]) -> ConfigError {
        guard case .key(let key)? = path.components.last else { return error("unexpected value") }
        var message = "unknown key \(Self.quote(key)); expected one of: " + knownKeys.joined(separator: ", ")
        if let suggestion = EditDistance.closest(to: key, among: knownKeys, within: 2) {
            message += " (did you mean \(Self.quote(suggestion))?)"
        }
        return error(message)
    }

    /// The members of the object at this node, in document order.
    public func members(expected: String = "an object") throws(ConfigError) -> [(key: String, node: ConfigNode)] {
        guard case .object(let object) = value else { throw mismatch(expected: expected) }
        return object.map { member in
            (member.key, ConfigNode(value: member.value, path: path.appending(key: member.key), file: file))
        }
    }

    /// The elements of the array at this node, in order.
    public func elements(expected: String) throws(ConfigError) -> [ConfigNode] {
        guard case .array(let array) = value else { throw mismatch(expected: expected) }
        return array.enumerated().map { index, element in
            ConfigNode(value: element, path: path.appending(index: index), file: file)
        }
    }

    /// The string at this node.
    public func string() throws(ConfigError) -> String {
        guard case .string(let string) = value else { throw mismatch(expected: "a string") }
        return string
    }

    /// The integer at this node, within `range`.
    public func int(in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard case .int(let wide) = value else { throw mismatch(expected: "an integer") }
        guard wide >= range.lowerBound else { throw error("expected an integer >= \(range.lowerBound), found \(wide)") }
        guard wide <= range.upperBound else { throw error("expected an integer <= \(range.upperBound), found \(wide)") }
        return Int(wide)
    }

    /// The duration at this node (a string such as `"500ms"`), within bounds given as config texts.
    ///
    /// - Parameters:
    ///   - above: if set, the duration must be greater than this.
    ///   - atLeast: if set, the duration must be at least this.
    ///   - atMost: if set, the duration must be at most this.
    public func duration(above: String? = nil, atLeast: String? = nil, atMost: String? = nil) throws(ConfigError) -> Duration {
        let expected = "a duration such as \"500ms\", \"60s\" or \"2m\""
        guard case .string(let text) = value else { throw mismatch(expected: expected) }
        guard let duration = Duration(parsing: text) else {
            throw error("expected \(expected), found \(Self.quote(text))")
        }
        if let above, duration <= Duration(parsing: above)! {
            throw error("expected a duration > \(above), found \(Self.quote(text))")
        }
        if let atLeast, duration < Duration(parsing: atLeast)! {
            throw error("expected a duration >= \(atLeast), found \(Self.quote(text))")
        }
        if let atMost, duration > Duration(parsing: atMost)! {
            throw error("expected a duration <= \(atMost), found \(Self.quote(text))")
        }
        return duration
    }

    /// The error for a value of the wrong kind: `expected <expected>, found <what the value is>`.
    public func mismatch(expected: String) -> ConfigError {
        error("expected \(expected), found \(Self.describe(value))")
    }

    /// A value as messages name it: `string "4"`, `integer 4`, `number 1.5`, `boolean true`, `null`, `an array`,
    /// `an object`.
    public static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let bool): return "boolean \(bool)"
        case .int(let int): return "integer \(int)"
        case .double(let double): return "number \(double)"
        case .string(let string): return "string \(quote(string))"
        case .array(let array): return array.isEmpty ? "an empty array" : "an array"
        case .object(let object): return object.isEmpty ? "an empty object" : "an object"
        }
    }

    /// A text quoted as a JSON string, so that quotes and control characters stay on one visible line; texts
    /// longer than 60 characters are cut, and the message says how long they were.
    public static func quote(_ text: String) -> String {
        let limit = 60
        guard text.unicodeScalars.count > limit else { return JSONValue.string(text).serialized(pretty: false) }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(limit))
        let shown = JSONValue.string(String(scalars) + "...").serialized(pretty: false)
        return "\(shown) (\(text.unicodeScalars.count) characters)"
    }
}

extension ConfigNode {
    /// The `http://` or `https://` URL at this node (a host, then visible ASCII only).
    public func httpURL() throws(ConfigError) -> String {
        let text = try string()
        if let problem = ConfigRules.targetURL(text) { throw error(problem) }
        return text
    }

    /// The number at this node (an integer or not), within bounds: `above` is exclusive, `atLeast` and `atMost`
    /// inclusive.
    public func number(above: Double? = nil, atLeast: Double? = nil, atMost: Double? = nil) throws(ConfigError) -> Double {
        let number: Double
        switch value {
        case .int(let int): number = Double(int)
        case .double(let double): number = double
        default: throw mismatch(expected: "a number")
        }
        let found = Self.describe(value).split(separator: " ").last.map(String.init) ?? ""
        if let above, number <= above { throw error("expected a number > \(Self.format(above)), found \(found)") }
        if let atLeast, number < atLeast { throw error("expected a number >= \(Self.format(atLeast)), found \(found)") }
        if let atMost, number > atMost { throw error("expected a number <= \(Self.format(atMost)), found \(found)") }
        return number
    }

    /// A bound as messages write it: whole numbers without a fraction.
    public static func format(_ bound: Double) -> String {
        bound == bound.rounded() && abs(bound) < 1e15 ? String(Int64(bound)) : String(bound)
    }
}
