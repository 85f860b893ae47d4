import HdrCodec
import Testing

/// The wire codec: compressed HdrHistogram V2 of the latency shape.
@Suite struct HistogramCodecTests {
    @Test func encodeDecodeKeepsEveryBucket() throws {
        let histogram = HistogramSamples.histogram(HistogramSamples.latencies(count: 10_000, seed: 1))
        let bytes = HistogramCodec.encode(histogram)
        #expect(Array(bytes.prefix(4)) == [0x1c, 0x84, 0x93, 0x14])
        let decoded = try HistogramCodec.decode(bytes)
        #expect(decoded.totalCount == 10_000)
        #expect(HistogramSamples.buckets(decoded) == HistogramSamples.buckets(histogram))
        for percentile in [1.0, 50, 90, 99, 99.9] {
            #expect(decoded.valueAtPercentile(percentile) == histogram.valueAtPercentile(percentile))
        }
    }

    @Test func mergedHistogramEqualsHistogramOfAllSamples() throws {
        let parts = (1...4).map { HistogramSamples.latencies(count: 2_500, seed: UInt64($0)) }
        var merged = LatencyHistogram.latency()
        for part in parts {
            // Through the wire codec, as the coordinator receives them.
            merged.add(try HistogramCodec.decode(HistogramCodec.encode(HistogramSamples.histogram(part))))
        }
        let all = HistogramSamples.histogram(parts.flatMap { $0 })
        #expect(merged.totalCount == 10_000)
        #expect(HistogramSamples.buckets(merged) == HistogramSamples.buckets(all))
        for percentile in [50.0, 90, 99, 99.9] {
            #expect(merged.valueAtPercentile(percentile) == all.valueAtPercentile(percentile))
        }
    }

    @Test func emptyHistogramRoundTrips() throws {
        let decoded = try HistogramCodec.decode(HistogramCodec.encode(.latency()))
        #expect(decoded.totalCount == 0)
        #expect(decoded == LatencyHistogram.latency())
    }

    @Test func uncompressedV2IsRefusedOnTheWire() {
        #expect(throws: HdrCodecError.malformed("histogram: bad cookie 0x1c849313 (expected compressed V2)")) {
            try HistogramCodec.decode(HdrV2.encode(.latency()))
        }
    }

    @Test func anotherShapeIsRefusedOnTheWire() {
        var other = LatencyHistogram(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000)
        other.record(5)
        #expect(throws: HdrCodecError.malformed("histogram: unexpected shape 1...3600000000 with 3 digits")) {
            try HistogramCodec.decode(HdrV2.encodeCompressed(other))
        }
    }

    @Test func trailingGarbageIsRefused() {
        let bytes = HistogramCodec.encode(.latency()) + [7]
        #expect(throws: HdrCodecError.malformed("histogram: 1 trailing bytes")) { try HistogramCodec.decode(bytes) }
    }
}
