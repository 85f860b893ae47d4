import BenchCore
import Foundation
import Testing

@Suite struct HistogramCodecTests {
    /// Pseudo-random latencies from 20 µs to ~2 s, deterministic.
    static func samples(count: Int, seed: UInt64) -> [UInt64] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let exponent = Double(state >> 40) / Double(1 << 24) * 11.5  // e^0 ... e^11.5 µs
            return UInt64(20_000 * (1 + exp(exponent)))
        }
    }

    @Test func encodeDecodeKeepsEveryBucket() throws {
        var histogram = LatencyHistogram.latency()
        for value in Self.samples(count: 10_000, seed: 1) { histogram.recordLatency(nanoseconds: value) }
        let decoded = try HistogramCodec.decode(HistogramCodec.encode(histogram))
        #expect(decoded.totalCount == 10_000)
        for percentile in [1.0, 50, 90, 99, 99.9] {
            #expect(decoded.valueAtPercentile(percentile) == histogram.valueAtPercentile(percentile))
        }
        // Like the standard V2 encoding, the codec keeps buckets, not raw values: min and max survive to within
        // their bucket (3 significant digits).
        #expect(histogram.valuesAreEquivalent(decoded.min, histogram.min))
        #expect(histogram.valuesAreEquivalent(decoded.max, histogram.max))
        #expect(decoded.recordedValues().map(\.count) == histogram.recordedValues().map(\.count))
    }

    @Test func mergedHistogramEqualsHistogramOfAllSamples() throws {
        let parts = (1...4).map { Self.samples(count: 2_500, seed: UInt64($0)) }
        var merged = LatencyHistogram.latency()
        var all = LatencyHistogram.latency()
        for part in parts {
            var histogram = LatencyHistogram.latency()
            for value in part {
                histogram.recordLatency(nanoseconds: value)
                all.recordLatency(nanoseconds: value)
            }
            // Through the wire codec, as the coordinator receives them.
            merged.add(try HistogramCodec.decode(HistogramCodec.encode(histogram)))
        }
        #expect(merged.totalCount == 10_000)
        #expect(merged.recordedValues().map(\.count) == all.recordedValues().map(\.count))
        for percentile in [50.0, 90, 99, 99.9] {
            #expect(merged.valueAtPercentile(percentile) == all.valueAtPercentile(percentile))
        }
    }

    @Test func emptyHistogramRoundTrips() throws {
        let decoded = try HistogramCodec.decode(HistogramCodec.encode(.latency()))
        #expect(decoded.totalCount == 0)
    }

    @Test(arguments: [
        ([UInt8](), "histogram: bad magic"),
        (Array("CBH1".utf8), "histogram: truncated varint"),
        (Array("CBH1".utf8) + [1, 2, 3, 0], "histogram: unexpected shape 1...2 with 3 digits"),
    ])
    func malformedInputIsRefused(bytes: [UInt8], reason: String) {
        #expect(throws: WireError.malformed(reason)) { try HistogramCodec.decode(bytes) }
    }

    @Test func trailingGarbageIsRefused() {
        var bytes = HistogramCodec.encode(.latency())
        bytes.append(7)
        #expect(throws: WireError.malformed("histogram: trailing bytes")) { try HistogramCodec.decode(bytes) }
    }
}
