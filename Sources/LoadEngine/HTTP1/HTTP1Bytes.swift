#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level pieces of HTTP/1.1 syntax (RFC 9110, 9112) over raw buffers: no String, no allocation.
enum HTTP1Bytes {
    static let tab: UInt8 = 9
    static let cr: UInt8 = 13
    static let space: UInt8 = 32
    static let comma: UInt8 = 44
    static let zero: UInt8 = 48
    static let colon: UInt8 = 58
    static let semicolon: UInt8 = 59

    /// The line without the CR of its CRLF, if it has one.
    @inline(__always)
    static func droppingCR(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let last = line.last, last == cr else { return line }
        return UnsafeRawBufferPointer(rebasing: line.dropLast())
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// A `tchar` of RFC 9110: a letter, a digit or one of ``!#$%&'*+-.^_`|~``, looked up in a 128-bit set.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) &<< UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return 0x03FF_6CFA_0000_0000 & bit != 0
        case 1: return 0x57FF_FFFF_C7FF_FFFE & bit != 0
        default: return false
        }
    }

    /// The ASCII letter in lower case, any other byte as it is.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// Whether `bytes`, with ASCII letters in lower case, are `lowercase` (a name of letters and `-`). Setting bit 5
    /// lowers a letter and turns no other byte of a field into a letter or `-` (only a CR would become `-`, and
    /// field lines hold none).
    static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for offset in 0..<bytes.count where bytes[offset] | 0x20 != expected[offset] { return false }
        return true
    }

    /// Whether the line begins with `HTTP/1.`.
    static func startsWithHTTP1(_ line: UnsafeRawBufferPointer) -> Bool {
        line.count >= 7 && line[0] == 0x48 && line[1] == 0x54 && line[2] == 0x54 && line[3] == 0x50
            && line[4] == 0x2F && line[5] == 0x31 && line[6] == 0x2E
    }

    /// Whether no byte is a CR or a NUL (which a field value or reason phrase must not hold); eight bytes at a time.
    static func hasNoCRorNUL(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let crs: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        var offset = 0
        while offset + 8 <= bytes.count {
            // A word has a zero byte exactly when (word - 0x01...) & ~word has a high bit set.
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let crBytes = word ^ crs
            if ((word &- ones) & ~word | (crBytes &- ones) & ~crBytes) & (ones << 7) != 0 { return false }
            offset += 8
        }
        while offset < bytes.count {
            if bytes[offset] == cr || bytes[offset] == 0 { return false }
            offset += 1
        }
        return true
    }

    /// The offset of the first LF at or after `start`, or `bytes.count` if there is none.
    @inline(__always)
    static func lineFeed(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard start < bytes.count, let found = memchr(bytes.baseAddress! + start, 10, bytes.count - start) else {
            return bytes.count
        }
        return bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
    }

    /// The bytes without the spaces and tabs at either end.
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// `name: value` split at the first colon, the value trimmed; nil unless the name is a non-empty token (so no
    /// space before the colon and no folded line) and the value holds no CR or NUL.
    static func splitHeader(_ line: UnsafeRawBufferPointer) -> (
        name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer
    )? {
        var colon = 0
        while colon < line.count && line[colon] != self.colon {
            guard isTokenByte(line[colon]) else { return nil }
            colon += 1
        }
        guard colon > 0, colon < line.count else { return nil }
        let value = UnsafeRawBufferPointer(rebasing: line[(colon + 1)...])
        guard hasNoCRorNUL(value) else { return nil }
        return (UnsafeRawBufferPointer(rebasing: line[..<colon]), trimmed(value))
    }

    /// Calls `body` with each element of a comma-separated list, trimmed; empty elements are skipped unless
    /// `keepingEmpty`. Stops and answers false as soon as `body` does.
    @discardableResult
    static func forEachListElement(
        _ list: UnsafeRawBufferPointer, keepingEmpty: Bool = false, _ body: (UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        var start = 0
        while start <= list.count {
            var end = start
            while end < list.count && list[end] != comma { end += 1 }
            let element = trimmed(UnsafeRawBufferPointer(rebasing: list[start..<end]))
            if (keepingEmpty || !element.isEmpty) && !body(element) { return false }
            start = end + 1
        }
        return true
    }

    /// One or more decimal digits and nothing else; values above `cap` are `cap`.
    static func decimal(_ bytes: UnsafeRawBufferPointer, cap: Int) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = accumulate(value, base: 10, digit: Int(byte &- zero), cap: cap)
        }
        return value
    }

    /// `chunk-size [ chunk-ext ]` of RFC 9112 7.1: hex digits, then optionally whitespace and `;` with extensions
    /// (not interpreted, but holding no CR or NUL); values above `cap` are `cap`.
    static func chunkSize(_ line: UnsafeRawBufferPointer, cap: Int) -> Int? {
        var value = 0
        var index = 0
        while index < line.count, let digit = hexValue(line[index]) {
            value = accumulate(value, base: 16, digit: digit, cap: cap)
            index += 1
        }
        guard index > 0 else { return nil }
        while index < line.count && isWhitespace(line[index]) { index += 1 }
        guard index == line.count || line[index] == semicolon else { return nil }
        return hasNoCRorNUL(UnsafeRawBufferPointer(rebasing: line[index...])) ? value : nil
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> Int? {
        if isDigit(byte) { return Int(byte &- zero) }
        let letter = lowercased(byte) &- 0x61
        return letter < 6 ? Int(letter) + 10 : nil
    }

    @inline(__always)
    private static func accumulate(_ value: Int, base: Int, digit: Int, cap: Int) -> Int {
        let (shifted, overflowA) = value.multipliedReportingOverflow(by: base)
        let (sum, overflowB) = shifted.addingReportingOverflow(digit)
        return overflowA || overflowB ? cap : min(sum, cap)
    }
}
