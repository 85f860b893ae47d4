/// Reads HdrHistogram's encoded fields from bytes: big-endian integers and doubles (Java's `ByteBuffer` order) and
/// ZigZag LEB128-64b9B varints (Java's `ZigZagEncoding.getLong`). Every read that runs past the end throws.
struct HdrByteReader {
    let bytes: ArraySlice<UInt8>
    private(set) var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    /// Bytes not read yet.
    var remaining: Int { bytes.endIndex - offset }

    /// The next `count` bytes as a big-endian unsigned integer; `field` names it in the error.
    mutating func bigEndian(_ count: Int, _ field: String) throws(HdrCodecError) -> UInt64 {
        guard remaining >= count else { throw .malformed("histogram: truncated in the \(field)") }
        var value: UInt64 = 0
        for byte in bytes[offset..<offset + count] { value = value << 8 | UInt64(byte) }
        offset += count
        return value
    }

    mutating func uint32(_ field: String) throws(HdrCodecError) -> UInt32 { UInt32(try bigEndian(4, field)) }
    mutating func int32(_ field: String) throws(HdrCodecError) -> Int32 { Int32(bitPattern: try uint32(field)) }
    mutating func int64(_ field: String) throws(HdrCodecError) -> Int64 { Int64(bitPattern: try bigEndian(8, field)) }
    mutating func double(_ field: String) throws(HdrCodecError) -> Double { Double(bitPattern: try bigEndian(8, field)) }

    /// A ZigZag LEB128-64b9B value: 7 bits per byte, least significant first, a set high bit meaning "more"; the
    /// 9th byte, if reached, carries 8 full bits. Unlike standard LEB128 a 64-bit value never takes 10 bytes.
    mutating func zigZag() throws(HdrCodecError) -> Int64 {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.endIndex else { throw .malformed("histogram: truncated varint in the counts") }
            let byte = bytes[offset]
            offset += 1
            if shift == 56 {
                raw |= UInt64(byte) << 56
                break
            }
            raw |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}
