/// A strict RFC 8259 parser over UTF-8 bytes; use it through `JSONValue(parsing:)`.
///
/// It accepts exactly the JSON grammar (any value at the top level, an optional UTF-8 byte-order mark, nothing but
/// whitespace after the value) and refuses what lenient parsers let through: comments, trailing commas, single
/// quotes, unquoted keys, leading zeros, `NaN`, unescaped control characters, lone surrogates, invalid UTF-8 in
/// strings and duplicate keys. Nesting is limited to `maximumDepth` so hostile input cannot exhaust the stack.
struct JSONParser {
    /// Deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512

    /// The document.
    let bytes: [UInt8]
    /// Where parsing stands, as a byte offset into `bytes`.
    var offset = 0
    private var depth = 0
    /// Where the parser is, for errors that name a member (duplicate keys).
    private var path: [JSONPath.Component] = []

    /// A parser over this document.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses the whole document: one value and nothing after it.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard offset == bytes.count else {
            throw syntaxError("expected end of input after the value, found \(found())")
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else { throw syntaxError("expected a value, found end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            let word = identifierRun()
            switch word {
            case "true":
                offset += 4
                return .bool(true)
            case "false":
                offset += 5
                return .bool(false)
            case "null":
                offset += 4
                return .null
            default: throw syntaxError("expected a value, found \(found())")
            }
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        offset += 1
        skipWhitespace()
        var object = JSONObject()
        var firstOffsets: [String: Int] = [:]
        if peek() == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            return .object(object)
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else {
                let expected = object.isEmpty ? "a string key or \"}\"" : "a string key after \",\""
                throw syntaxError("expected \(expected), found \(found())")
            }
            let keyOffset = offset
            let key = try parseString()
            if let firstOffset = firstOffsets[key] {
                let (line, column) = position(of: keyOffset)
                let (firstLine, firstColumn) = position(of: firstOffset)
                let memberPath = JSONPath(components: path + [.key(key)])
                throw JSONParseError(
                    line: line,
                    column: column,
                    reason: .duplicateKey(key: key, path: memberPath, firstLine: firstLine, firstColumn: firstColumn)
                )
            }
            firstOffsets[key] = keyOffset
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw syntaxError("expected \":\" after the key, found \(found())")
            }
            offset += 1
            skipWhitespace()
            path.append(.key(key))
            let value = try parseValue()
            path.removeLast()
            object[key] = value
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                offset += 1
                depth -= 1
                return .object(object)
            default:
                throw syntaxError("expected \",\" or \"}\", found \(found())")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        offset += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if peek() == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            path.append(.index(elements.count))
            elements.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                offset += 1
                depth -= 1
                return .array(elements)
            default:
                throw syntaxError("expected \",\" or \"]\", found \(found())")
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw syntaxError("expected at most \(Self.maximumDepth) nested arrays and objects, found more")
        }
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = offset
        var isInteger = true
        if peek() == UInt8(ascii: "-") { offset += 1 }
        switch peek() {
        case UInt8(ascii: "0"):
            offset += 1
            if let next = peek(), isDigit(next) {
                throw syntaxError(
                    "expected a number without leading zeros, found \(numberText(from: start))",
                    at: start
                )
            }
        case let byte? where isDigit(byte):
            skipDigits()
        default:
            throw syntaxError("expected a digit after \"-\", found \(found())")
        }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard let byte = peek(), isDigit(byte) else {
                throw syntaxError("expected a digit after the decimal point, found \(found())")
            }
            skipDigits()
            isInteger = false
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard let byte = peek(), isDigit(byte) else {
                throw syntaxError("expected a digit in the exponent, found \(found())")
            }
            skipDigits()
            isInteger = false
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else {
            throw syntaxError("expected a number within the range of a 64-bit double, found \(text)", at: start)
        }
        return .double(value)
    }

    /// Whether `byte` is an ASCII digit.
    func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { offset += 1 }
    }

    /// The digits, signs, dots and exponents from `start` on, for messages about a malformed number.
    private func numberText(from start: Int) -> String {
        var end = start
        while end < bytes.count, isDigit(bytes[end]) || "+-.eE".utf8.contains(bytes[end]) { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    // MARK: Positions and messages

    /// The byte at the current offset, or nil at the end.
    func peek() -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { offset += 1 }
    }

    /// The run of ASCII letters, digits and `_` at the current offset (`true`, `None`, an unquoted key).
    private func identifierRun() -> String {
        var end = offset
        while end < bytes.count, isIdentifierByte(bytes[end]) { end += 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    private func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// What stands at the current offset, for messages: `end of input`, a word (`"True"`) or one character
    /// (`"]"`, `"\n"`), quoted as a JSON string so that control characters stay visible.
    func found() -> String {
        guard let byte = peek() else { return "end of input" }
        if isIdentifierByte(byte) {
            return JSONValue.string(identifierRun()).serialized(pretty: false)
        }
        if byte == UInt8(ascii: "\""), let token = stringToken() { return token }
        let length: Int
        switch byte {
        case 0xC0...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF7: length = 4
        default: length = 1
        }
        let end = min(offset + length, bytes.count)
        guard let character = String(validating: bytes[offset..<end], as: UTF8.self) else {
            return "the byte 0x" + String(byte, radix: 16, uppercase: true) + " (not UTF-8)"
        }
        return JSONValue.string(character).serialized(pretty: false)
    }

    /// The string literal at the current offset exactly as written (`"provider"`), if it closes within 40 bytes on
    /// this line; nil otherwise.
    private func stringToken() -> String? {
        var end = offset + 1
        while end < bytes.count, end - offset <= 40 {
            switch bytes[end] {
            case UInt8(ascii: "\\"): end += 2
            case UInt8(ascii: "\""): return String(validating: bytes[offset...end], as: UTF8.self)
            case 0..<0x20: return nil
            default: end += 1
            }
        }
        return nil
    }

    /// A syntax error at `errorOffset`, or at the current offset.
    func syntaxError(_ message: String, at errorOffset: Int? = nil) -> JSONParseError {
        let (line, column) = position(of: errorOffset ?? offset)
        return JSONParseError(line: line, column: column, reason: .syntax(message))
    }

    /// Line and column (from 1) of a byte offset: LF, CR and CR LF end a line, a column is a Unicode scalar.
    func position(of target: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var afterCR = false
        for byte in bytes[..<min(target, bytes.count)] {
            switch byte {
            case 0x0D:
                line += 1
                column = 1
                afterCR = true
                continue
            case 0x0A:
                if !afterCR {
                    line += 1
                    column = 1
                }
            case 0x80...0xBF:
                break
            default:
                column += 1
            }
            afterCR = false
        }
        return (line, column)
    }
}
