/// Writes HdrHistogram's encoded fields: big-endian integers and doubles (Java's `ByteBuffer` order) and ZigZag
/// LEB128-64b9B varints (Java's `ZigZagEncoding.putLong`). `HdrByteReader` reads them back.
extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt64, bytes count: Int) {
        for shift in stride(from: (count - 1) * 8, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    mutating func appendBigEndian(_ value: UInt32) { appendBigEndian(UInt64(value), bytes: 4) }
    mutating func appendBigEndian(_ value: Int32) { appendBigEndian(UInt32(bitPattern: value)) }
    mutating func appendBigEndian(_ value: Int64) { appendBigEndian(UInt64(bitPattern: value), bytes: 8) }
    mutating func appendBigEndian(_ value: Double) { appendBigEndian(value.bitPattern, bytes: 8) }

    /// ZigZag maps small magnitudes of either sign to small numbers (0, -1, 1, -2 ... to 0, 1, 2, 3 ...), then
    /// LEB128 writes 7 bits per byte; after 8 bytes the 9th carries the last 8 bits whole.
    mutating func appendZigZag(_ value: Int64) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        for _ in 0..<8 {
            if rest >> 7 == 0 {
                append(UInt8(rest))
                return
            }
            append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        append(UInt8(truncatingIfNeeded: rest))
    }
}
