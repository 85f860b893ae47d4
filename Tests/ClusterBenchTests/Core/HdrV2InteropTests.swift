import Foundation
import HdrCodec
import Histogram
import Testing

/// Our V2 encoding and interval logs against hdrh (Python's HdrHistogram, PyPI `hdrhistogram`): it decodes what we
/// write, we decode what it writes, and its log reader reads our `.hlog`.
@Suite(.needsSetUp(Hdrh.isAvailable, Hdrh.skipReason))
struct HdrV2InteropTests {
    /// Value sets by name (names keep the test log short).
    static let valueSets: [String: [UInt64]] = [
        "empty": [],
        "1 ns, 1 µs, 1 ms": [1, 1000, 1_000_000],
        "up to 1 h - 1 ns": [1, 1000, 1_000_000, 1_000_000, 3_599_999_999],
        "10 000 latencies": HistogramSamples.latencies(count: 10_000, seed: 42),
    ]

    /// hdrh reports a percentile as the highest value of its bucket; so does ours once lifted to that bound.
    static func bucketTop(_ histogram: Histogram<UInt64>, _ percentile: Double) -> UInt64 {
        histogram.highestEquivalentForValue(histogram.valueAtPercentile(percentile))
    }

    @Test(arguments: ["empty", "1 ns, 1 µs, 1 ms", "10 000 latencies"])
    func hdrhDecodesOurWireBytes(valueSet: String) throws {
        let values = try #require(Self.valueSets[valueSet])
        let histogram = HistogramSamples.histogram(values)
        let encoded = Data(HistogramCodec.encode(histogram)).base64EncodedString()
        let summary = try #require(try Hdrh.run(["decode", encoded]).first)
        #expect([summary.lowest, summary.highest] == [1, LatencyHistogram.latencyCeiling])
        #expect(summary.digits == 3)
        #expect(summary.total == UInt64(values.count))
        #expect(summary.p50 == (values.isEmpty ? 0 : Self.bucketTop(histogram, 50)))
        #expect(summary.p99 == (values.isEmpty ? 0 : Self.bucketTop(histogram, 99)))
        #expect(summary.max == histogram.max)
        #expect(summary.min == (values.isEmpty ? 0 : histogram.minNonZero))
        if values.count == 10_000 {
            // Spelled out: Java's HdrHistogram 2.1.11 decoded these same bytes to the same numbers (checked once).
            #expect([summary.min, summary.p50, summary.p99, summary.max]
                == [40_000, 6_021_119, 1_750_073_343, 1_965_031_423])
        }
    }

    @Test(arguments: [
        (3_600_000_000_000, "10 000 latencies"),
        (3_600_000_000_000, "1 ns, 1 µs, 1 ms"),
        (3_600_000_000, "up to 1 h - 1 ns"),
        (3_600_000_000_000, "empty"),
    ] as [(UInt64, String)])
    func weDecodeWhatHdrhEncodes(highest: UInt64, valueSet: String) throws {
        let values = try #require(Self.valueSets[valueSet])
        let directory = TestSupport.makeTemporaryDirectory("hdrh")
        defer { TestSupport.removeDirectory(directory) }
        let file = directory + "/values.txt"
        try values.map(String.init).joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        struct Encoded: Decodable { var encoded: String }
        let output = try #require(try Hdrh.run(["encode", "1", String(highest), "3", file], as: Encoded.self).first)
        let bytes = try #require(Data(base64Encoded: output.encoded))

        var expected = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: highest)
        for value in values { expected.record(value) }
        let decoded = try HdrV2.decode(Array(bytes))
        #expect(decoded.totalCount == UInt64(values.count))
        #expect(decoded.recordedValues().map { [$0.value, $0.count] }
            == expected.recordedValues().map { [$0.value, $0.count] })
        #expect(decoded == expected)
        if highest == LatencyHistogram.latencyCeiling {
            #expect(try HistogramCodec.decode(Array(bytes)) == expected)
        }
    }

    @Test func hdrhReadsOurIntervalLog() throws {
        let directory = TestSupport.makeTemporaryDirectory("hdrh")
        defer { TestSupport.removeDirectory(directory) }
        let intervals = try Hdrh.run(["log", try IntervalLogTests.writeSampleLog(directory)])
        #expect(intervals.map(\.tag) == ["cluster1", "cluster2", nil])
        #expect(intervals.map(\.total) == [3, 2, 0])
        #expect(intervals.map(\.max) == [2_500_607, 40_009_727, 0])
        let latency = LatencyHistogram.latency()
        #expect(intervals.map(\.p50) == [2_000_000, 3_000_000, 0].map(latency.highestEquivalentForValue))
        let start = IntervalLogTests.start.timeIntervalSince1970
        for (offset, interval) in intervals.enumerated() {
            #expect(abs(try #require(interval.log_start_s) - start) < 0.000_5)
            #expect(abs(try #require(interval.start_ms) - (start + Double(offset)) * 1000) < 0.5)
            #expect(abs(try #require(interval.end_ms) - (start + Double(offset) + 1) * 1000) < 0.5)
        }
    }
}
