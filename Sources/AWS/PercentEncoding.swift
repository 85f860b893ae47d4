import Foundation

/// RFC 3986 percent-encoding as AWS wants it: every byte but the unreserved `A-Z a-z 0-9 - . _ ~` is escaped,
/// with upper-case hex digits. Used for canonical requests, query strings and form bodies alike.
enum PercentEncoding {
    /// `value` with every byte that is not unreserved written as `%XX`; `/` is kept when `keepSlash` is set.
    static func encode(_ value: String, keepSlash: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` with `%XX` escapes decoded (and `+` read as a space when `plusIsSpace`); a malformed escape is kept.
    static func decode(_ value: Substring, plusIsSpace: Bool = false) -> String {
        var out = [UInt8]()
        let bytes = Array(value.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
                continue
            }
            out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `application/x-www-form-urlencoded` text of `pairs`, in the order given, spaces as `+` (as botocore writes
    /// Query bodies; moto re-encodes the body that way before it checks the signature).
    static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { formEncode($0.0) + "=" + formEncode($0.1) }.joined(separator: "&")
    }

    /// `encode` with `+` for a space.
    private static func formEncode(_ value: String) -> String {
        encode(value).replacingOccurrences(of: "%20", with: "+")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
