import Histogram

/// HdrHistogram's standard V2 encoding, byte for byte as Java's `AbstractHistogram.encodeIntoByteBuffer` and
/// `encodeIntoCompressedByteBuffer` write it, so that any HdrHistogram implementation (Java, C, Python, Go, Rust)
/// reads our histograms and we read theirs.
///
/// V2 (all integers big-endian):
///
/// | bytes | field |
/// |---|---|
/// | 4 | cookie `0x1c849313` (V2 base `0x1c849303` with the word-size nibble's bit 0x10 set, as Java writes it) |
/// | 4 | payload length: bytes of counts that follow the 40-byte header |
/// | 4 | normalizing index offset (0 for integer histograms) |
/// | 4 | number of significant value digits |
/// | 8 | lowest discernible value |
/// | 8 | highest trackable value |
/// | 8 | integer-to-double conversion ratio, an IEEE double (1.0) |
/// | n | counts from index 0 to the maximum value's index, each a ZigZag LEB128-64b9B varint; a run of k >= 2 zero
///       counts is one varint of -k (a single zero is written as 0) |
///
/// Compressed V2: cookie `0x1c849314` (base `0x1c849304` with 0x10), the length of what follows, then the V2 bytes
/// deflated into a zlib stream.
///
/// Counts are reached through `recordedValues()`: the library keeps its counts array internal, so `HdrLayout`
/// re-derives each value's counts index with HdrHistogram's index math.
public enum HdrV2 {
    /// The cookie of the uncompressed encoding as Java writes it.
    public static let encodingCookie: UInt32 = 0x1c84_9313
    /// The cookie of the compressed encoding as Java writes it.
    public static let compressedEncodingCookie: UInt32 = 0x1c84_9314
    /// Cookie bases: decoders compare `cookie & ~0xf0` with these, as Java's `getCookieBase` does.
    static let encodingCookieBase: UInt32 = 0x1c84_9303
    static let compressedEncodingCookieBase: UInt32 = 0x1c84_9304
    /// Bytes before the counts in the uncompressed encoding.
    static let headerSize = 40

    /// Compressed payloads that would inflate beyond this are refused before they are inflated further.
    public static let maximumDecompressedSize = 16 << 20
    /// Shapes needing a longer counts array are refused (32 MiB of counts; the latency shape needs 33 792).
    public static let maximumCountsLength = 1 << 22

    /// How hard zlib works on the compressed form; both are read the same way.
    public enum Compression: Sendable {
        /// zlib's default (level 6), as `encodeIntoCompressedByteBuffer(buffer)` uses: the wire.
        case standard
        /// zlib level 9, as Java's `HistogramLogWriter` uses: interval logs.
        case best

        var zlibLevel: Int {
            switch self {
            case .standard: -1
            case .best: 9
            }
        }
    }

    /// The V2 encoding of `histogram` (40-byte header and varint counts), uncompressed.
    public static func encode(_ histogram: Histogram<UInt64>) -> [UInt8] {
        let layout = HdrLayout(
            lowest: histogram.lowestDiscernibleValue, highest: histogram.highestTrackableValue,
            digits: Int(histogram.numberOfSignificantValueDigits.rawValue))
        let counts = encodedCounts(histogram, layout: layout)
        var out: [UInt8] = []
        out.reserveCapacity(headerSize + counts.count)
        out.appendBigEndian(encodingCookie)
        out.appendBigEndian(UInt32(counts.count))
        out.appendBigEndian(Int32(0))  // normalizing index offset
        out.appendBigEndian(Int32(histogram.numberOfSignificantValueDigits.rawValue))
        out.appendBigEndian(Int64(bitPattern: histogram.lowestDiscernibleValue))
        out.appendBigEndian(Int64(bitPattern: histogram.highestTrackableValue))
        out.appendBigEndian(1.0)  // integer-to-double conversion ratio
        out.append(contentsOf: counts)
        return out
    }

    /// The compressed V2 encoding of `histogram`: what the wire carries and interval logs hold in base64.
    public static func encodeCompressed(_ histogram: Histogram<UInt64>, compression: Compression = .standard)
        -> [UInt8]
    {
        let deflated = Zlib.deflate(encode(histogram), level: compression.zlibLevel)
        var out: [UInt8] = []
        out.reserveCapacity(8 + deflated.count)
        out.appendBigEndian(compressedEncodingCookie)
        out.appendBigEndian(UInt32(deflated.count))
        out.append(contentsOf: deflated)
        return out
    }

    /// Decodes either form, told apart by the cookie, refusing anything malformed with a reason: a cookie that is
    /// not V2's, truncated or trailing bytes, a shape we cannot build, counts past the counts array, a compressed
    /// payload that inflates beyond `maximumDecompressedSize`.
    ///
    /// As Java's decoder does, the result's maximum is the highest value of the top non-empty bucket and its
    /// minimum the lowest value of the bottom one (the encoding keeps buckets, not raw values).
    public static func decode(_ bytes: [UInt8]) throws(HdrCodecError) -> Histogram<UInt64> {
        try decodeBuckets(bytes).histogram()
    }

    /// Decodes either form as `decode` does, with the same checks, into the shape and non-empty buckets only
    /// (`HdrBuckets`): no counts array is allocated.
    public static func decodeBuckets(_ bytes: [UInt8]) throws(HdrCodecError) -> HdrBuckets {
        var reader = HdrByteReader(bytes[...])
        let cookie = try reader.uint32("cookie")
        switch cookie & ~0xf0 {
        case encodingCookieBase:
            return try decodeUncompressed(bytes[...])
        case compressedEncodingCookieBase:
            let length = try reader.int32("compressed length")
            guard length >= 0, Int(length) <= reader.remaining else {
                throw .malformed("histogram: compressed length \(length) but \(reader.remaining) bytes follow")
            }
            guard Int(length) == reader.remaining else {
                throw .malformed("histogram: \(reader.remaining - Int(length)) trailing bytes")
            }
            let inflated = try Zlib.inflate(bytes[8...], limit: maximumDecompressedSize)
            var inner = HdrByteReader(inflated[...])
            let innerCookie = try inner.uint32("compressed cookie")
            guard innerCookie & ~0xf0 == encodingCookieBase else {
                throw .malformed("histogram: bad cookie \(hex(innerCookie)) inside the compressed form")
            }
            return try decodeUncompressed(inflated[...])
        default:
            throw .malformed("histogram: bad cookie \(hex(cookie)) (not HdrHistogram V2)")
        }
    }

    /// The varint counts from index 0 through the highest non-empty index (index 0 alone when empty, as Java).
    private static func encodedCounts(_ histogram: Histogram<UInt64>, layout: HdrLayout) -> [UInt8] {
        var out: [UInt8] = []
        var next = 0  // the first index not written yet
        func writeZeros(upTo index: Int) {
            let zeros = index - next
            if zeros == 1 { out.appendZigZag(0) } else if zeros > 1 { out.appendZigZag(-Int64(zeros)) }
        }
        for bucket in histogram.recordedValues() {
            let index = layout.countsIndex(of: bucket.value)
            writeZeros(upTo: index)
            // Java counts are signed 64-bit; 2^63 recordings cannot happen in practice.
            out.appendZigZag(Int64(clamping: bucket.count))
            next = index + 1
        }
        if next == 0 { writeZeros(upTo: 1) }
        return out
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
