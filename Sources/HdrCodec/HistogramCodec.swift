/// The wire form of a `LatencyHistogram`: HdrHistogram's standard compressed V2 encoding (`HdrV2`), so that every
/// HdrHistogram tool can read what agents send.
///
/// Decoding also insists on the latency shape (1 ns ... 1 h, 3 digits): the coordinator adds histograms from many
/// agents bucket by bucket, which is lossless only between histograms of one shape.
public enum HistogramCodec {
    /// Encodes a histogram in compressed V2 form.
    public static func encode(_ histogram: LatencyHistogram) -> [UInt8] {
        HdrV2.encodeCompressed(histogram)
    }

    /// Decodes a compressed V2 histogram of the latency shape, refusing anything else with `HdrCodecError.malformed`.
    public static func decode(_ bytes: [UInt8]) throws(HdrCodecError) -> LatencyHistogram {
        try decodeBuckets(bytes).histogram()
    }

    /// Decodes as `decode` does, with the same checks, into the non-empty buckets only (no counts array).
    public static func decodeBuckets(_ bytes: [UInt8]) throws(HdrCodecError) -> HdrBuckets {
        var reader = HdrByteReader(bytes[...])
        let cookie = try reader.uint32("cookie")
        guard cookie & ~0xf0 == HdrV2.compressedEncodingCookieBase else {
            throw .malformed("histogram: bad cookie \(HdrV2.hex(cookie)) (expected compressed V2)")
        }
        let buckets = try HdrV2.decodeBuckets(bytes)
        let lowest = buckets.lowestDiscernibleValue
        let highest = buckets.highestTrackableValue
        let digits = buckets.significantDigits
        guard lowest == 1, highest == LatencyHistogram.latencyCeiling, digits == 3 else {
            throw .malformed("histogram: unexpected shape \(lowest)...\(highest) with \(digits) digits")
        }
        return buckets
    }
}
