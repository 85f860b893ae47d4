import Histogram

/// A compact, lossless binary form of a `LatencyHistogram` for the wire.
///
/// Layout: magic `CBH1`, then LEB128 varints: lowest discernible value, highest trackable value, significant
/// digits, number of non-empty buckets, and per bucket the value's delta from the previous bucket and its count.
/// Decoding re-records each bucket's value with its count, which lands in the same bucket, so counts and every
/// percentile survive exactly. (The standard HdrHistogram V2 encoding replaces this in the load-engine issue.)
public enum HistogramCodec {
    static let magic: [UInt8] = Array("CBH1".utf8)
    /// Buckets beyond this are refused when decoding: a latency histogram has far fewer.
    static let maximumBuckets = 1 << 20

    /// Encodes a histogram.
    public static func encode(_ histogram: LatencyHistogram) -> [UInt8] {
        var out = magic
        out.reserveCapacity(64)
        appendVarint(histogram.lowestDiscernibleValue, to: &out)
        appendVarint(histogram.highestTrackableValue, to: &out)
        appendVarint(UInt64(histogram.numberOfSignificantValueDigits.rawValue), to: &out)
        let buckets = histogram.recordedValues().map { ($0.value, $0.count) }
        appendVarint(UInt64(buckets.count), to: &out)
        var previous: UInt64 = 0
        for (value, count) in buckets {
            appendVarint(value - previous, to: &out)
            appendVarint(count, to: &out)
            previous = value
        }
        return out
    }

    /// Decodes a histogram, refusing anything malformed with `WireError.malformed`.
    public static func decode(_ bytes: [UInt8]) throws(WireError) -> LatencyHistogram {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw WireError.malformed("histogram: bad magic")
        }
        var reader = VarintReader(bytes: bytes, offset: magic.count)
        let lowest = try reader.next()
        let highest = try reader.next()
        let digits = try reader.next()
        guard lowest == 1, highest == LatencyHistogram.latencyCeiling, digits == 3 else {
            throw WireError.malformed("histogram: unexpected shape \(lowest)...\(highest) with \(digits) digits")
        }
        let bucketCount = try reader.next()
        guard bucketCount <= maximumBuckets else { throw WireError.malformed("histogram: too many buckets") }
        var histogram = LatencyHistogram.latency()
        var value: UInt64 = 0
        for _ in 0..<bucketCount {
            let (sum, overflow) = value.addingReportingOverflow(try reader.next())
            let count = try reader.next()
            guard !overflow, sum <= highest, count > 0 else { throw WireError.malformed("histogram: bad bucket") }
            value = sum
            _ = histogram.record(value, count: count)
        }
        guard reader.offset == bytes.count else { throw WireError.malformed("histogram: trailing bytes") }
        return histogram
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    struct VarintReader {
        let bytes: [UInt8]
        var offset: Int

        mutating func next() throws(WireError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                guard shift < 64 else { break }
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
            throw WireError.malformed("histogram: truncated varint")
        }
    }
}
