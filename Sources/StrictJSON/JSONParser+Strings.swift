extension JSONParser {
    /// Parses a string literal starting at its opening quote, resolving escapes.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = offset
        offset += 1
        var buffer: [UInt8] = []
        while true {
            guard let byte = peek() else {
                let (line, column) = position(of: start)
                throw syntaxError(
                    "expected a closing quote for the string that starts at line \(line), column \(column), "
                        + "found end of input"
                )
            }
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let string = String(validating: buffer, as: UTF8.self) else {
                    throw syntaxError("expected a string of valid UTF-8, found invalid bytes", at: start)
                }
                return string
            case UInt8(ascii: "\\"):
                let scalar = try parseEscape()
                buffer.append(contentsOf: String(scalar).utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16, uppercase: true)
                throw syntaxError(
                    "expected a closing quote or an escaped control character (such as \\n), found unescaped U+"
                        + String(repeating: "0", count: 4 - hex.count) + hex
                )
            default:
                buffer.append(byte)
                offset += 1
            }
        }
    }

    /// Parses one escape sequence starting at the backslash, including a `\uD83D\uDE00` surrogate pair.
    private mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        let start = offset
        offset += 1
        guard let byte = peek() else {
            throw syntaxError("expected an escape such as \\n or \\u00E9 after the backslash, found end of input")
        }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): break
        default:
            let shown =
                (0x21...0x7E).contains(byte)
                ? "\\" + String(UnicodeScalar(byte)) : "a backslash followed by a non-printable or non-ASCII character"
            throw syntaxError(
                "expected one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found \(shown)",
                at: start
            )
        }
        let unit = try parseHex4()
        switch unit {
        case 0xD800...0xDBFF:
            guard bytes[offset...].starts(with: "\\u".utf8) else {
                throw syntaxError(unpairedMessage(unit), at: start)
            }
            offset += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw syntaxError(unpairedMessage(unit), at: start) }
            let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            return Unicode.Scalar(value)!
        case 0xDC00...0xDFFF:
            throw syntaxError(unpairedMessage(unit), at: start)
        default:
            return Unicode.Scalar(unit)!
        }
    }

    private func unpairedMessage(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16, uppercase: true)
        return "expected a surrogate pair (\\uD800-\\uDBFF then \\uDC00-\\uDFFF), found a lone \\u\(hex)"
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let digit: UInt16
            switch peek() {
            case let byte? where isDigit(byte): digit = UInt16(byte - UInt8(ascii: "0"))
            case let byte? where (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte):
                digit = UInt16(byte - UInt8(ascii: "a") + 10)
            case let byte? where (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte):
                digit = UInt16(byte - UInt8(ascii: "A") + 10)
            default:
                throw syntaxError("expected four hex digits after \\u, found \(found())")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }
}
