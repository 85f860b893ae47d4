import HdrCodec
import Histogram
import Testing

/// HdrHistogram V2 and compressed V2: round trips, fixed bytes from two independent implementations, strictness.
@Suite struct HdrV2Tests {
    enum Form: String, CaseIterable, CustomTestStringConvertible {
        case v2, compressed
        var testDescription: String { rawValue }

        func encode(_ histogram: Histogram<UInt64>) -> [UInt8] {
            self == .v2 ? HdrV2.encode(histogram) : HdrV2.encodeCompressed(histogram)
        }
    }

    static let samples: [(String, [UInt64])] = [
        ("empty", []),
        ("one value", [1_234_567]),
        ("10 000 values", HistogramSamples.latencies(count: 10_000, seed: 7)),
    ]

    @Test(arguments: Form.allCases, samples.map(\.0))
    func roundTripKeepsBucketsTotalAndPercentiles(form: Form, sample: String) throws {
        let values = Self.samples.first { $0.0 == sample }!.1
        let histogram = HistogramSamples.histogram(values)
        let decoded = try HdrV2.decode(form.encode(histogram))
        #expect(decoded.totalCount == UInt64(values.count))
        #expect(HistogramSamples.buckets(decoded) == HistogramSamples.buckets(histogram))
        // The encoding keeps buckets, not raw values: a percentile comes back as the top of its bucket. That is the
        // original's value except in the top bucket, where the original answers its raw maximum, which V2 drops.
        for percentile in [1.0, 50, 90, 99, 99.9, 100] {
            let original = histogram.valueAtPercentile(percentile)
            #expect(decoded.valueAtPercentile(percentile) == histogram.highestEquivalentForValue(original))
            if values.count == 10_000, percentile <= 99.9 {
                #expect(decoded.valueAtPercentile(percentile) == original)
            }
        }
        // Min and max come back as their bucket's bounds, as Java's decoder gives them.
        #expect(decoded.max == histogram.max)
        #expect(decoded.minNonZero == histogram.minNonZero)
        #expect(decoded == histogram)
    }

    /// Shapes other than the latency one, with values across the whole range: the counts index math (re-derived
    /// from the shape) must agree with the library's for every bucket.
    @Test(arguments: [
        (UInt64(1), UInt64(3_600_000_000), SignificantDigits.three),
        (1, 3_600_000_000_000, .two),
        (1000, 10_000_000_000, .three),
        (1, 2, .zero),
        (7, 1 << 40, .one),
        (1, 100_000_000, .five),
    ])
    func otherShapesRoundTrip(lowest: UInt64, highest: UInt64, digits: SignificantDigits) throws {
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: digits)
        // Zero, then values from the lowest discernible one up. (Non-zero values below it share counts index 0 with
        // zero, so neither V2 nor Java can tell them from zero.)
        histogram.record(0)
        var value = lowest
        while value <= highest {
            histogram.record(value, count: value % 5 + 1)
            value = value * 3 / 2 + 1
        }
        histogram.record(highest)
        let decoded = try HdrV2.decode(HdrV2.encodeCompressed(histogram, compression: .best))
        #expect(decoded.lowestDiscernibleValue == lowest)
        #expect(decoded.highestTrackableValue == highest)
        #expect(decoded.numberOfSignificantValueDigits == digits)
        #expect(decoded.recordedValues().map { [$0.value, $0.count] }
            == histogram.recordedValues().map { [$0.value, $0.count] })
        #expect(decoded == histogram)
    }

    // Produced once by Java's HdrHistogram 2.1.11 (Debian's libhdrhistogram-java): `new Histogram(1, HIGHEST, 3)`,
    // `recordValue` of the values, `encodeIntoByteBuffer` and `encodeIntoCompressedByteBuffer` (default level).
    static let javaGolden: [(values: [UInt64], highest: UInt64, v2: String, compressed: String)] = [
        ([], 3_600_000_000_000,
         "1c84931300000001000000000000000300000000000000010000034630b8a0003ff000000000000000",
         "1c84931400000021789c9369992cccc0c0c0c80001cc501ac8677633d8b180c1fe0354040052a6044c"),
        ([1, 1000, 1_000_000], 3_600_000_000_000,
         "1c84931300000009000000000000000300000000000000010000034630b8a0003ff00000000000000002cb0f02ef9e0102",
         "1c84931400000029789c9369992cccc0c0c0c90001cc509a11c87433d8b180c1fe035484e9343fd3fb798c4c0081f106c2"),
        ([1000, 1_000_000, 3_000_000, 3_000_000], 3_600_000_000_000,
         "1c8493130000000a000000000000000300000000000000010000034630b8a0003ff0000000000000cf0f02ef9e0102ab1804",
         "1c8493140000002b789c9369992cccc0c0c0c50001cc509a11c87433d8b180c1fe0344e03c3fd3fb798c4cab2558009001078c"),
        ([1, 1000, 1_000_000], 3_600_000_000,
         "1c849313000000090000000000000003000000000000000100000000d693a4003ff00000000000000002cb0f02ef9e0102",
         "1c84931400000028789c9369992cccc0c0c0c90001cc509a11445c9bbc84c1fe035484e9343fd3fb798c4c0086ae06fe"),
    ]

    @Test(arguments: javaGolden.indices)
    func encodingMatchesJavaByteForByte(index: Int) throws {
        let golden = Self.javaGolden[index]
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: golden.highest)
        for value in golden.values { histogram.record(value) }
        #expect(HistogramSamples.hex(HdrV2.encode(histogram)) == golden.v2)
        #expect(HistogramSamples.hex(HdrV2.encodeCompressed(histogram)) == golden.compressed)
        for form in [golden.v2, golden.compressed] {
            let decoded = try HdrV2.decode(HistogramSamples.bytes(hex: form))
            #expect(decoded == histogram)
        }
    }

    // Produced once by Python's hdrhistogram 0.10.8 (`HdrHistogram(1, HIGHEST, 3)`, `record_value`, `encode()`,
    // base64-decoded). hdrh writes a lone zero count as a run of one (-1, byte 01) where Java writes 0 (byte 00), and
    // no counts at all for an empty histogram, so only the third matches Java's bytes; we decode all three.
    static let hdrhGolden: [(values: [UInt64], highest: UInt64, compressed: String)] = [
        ([], 3_600_000_000_000,
         "1c8493140000001d789c9369992ccc8000cc509a11c87433d8b180c1fe034400004e39044b"),
        ([1, 1000, 1_000_000], 3_600_000_000_000,
         "1c84931400000029789c9369992cccc0c0c0c90001cc509a11c87433d8b180c1fe035480e9343fd3fb798c4c0081fa06c3"),
        ([1000, 1_000_000, 3_000_000, 3_000_000], 3_600_000_000_000,
         "1c8493140000002b789c9369992cccc0c0c0c50001cc509a11c87433d8b180c1fe0344e03c3fd3fb798c4cab2558009001078c"),
        ([1, 1000, 1_000_000], 3_600_000_000,
         "1c84931400000028789c9369992cccc0c0c0c90001cc509a11445c9bbc84c1fe035480e9343fd3fb798c4c0086b706ff"),
    ]

    @Test(arguments: hdrhGolden.indices)
    func hdrhBytesDecodeToTheSameCounts(index: Int) throws {
        let golden = Self.hdrhGolden[index]
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: golden.highest)
        for value in golden.values { histogram.record(value) }
        let decoded = try HdrV2.decode(HistogramSamples.bytes(hex: golden.compressed))
        #expect(decoded == histogram)
        #expect(decoded.totalCount == UInt64(golden.values.count))
    }

    @Test func hdrhAndJavaAgreeWithUsWhereTheyAgreeWithEachOther() {
        var histogram = LatencyHistogram.latency()
        for value: UInt64 in [1000, 1_000_000, 3_000_000, 3_000_000] { histogram.record(value) }
        #expect(HistogramSamples.hex(HdrV2.encodeCompressed(histogram)) == Self.hdrhGolden[2].compressed)
    }

    @Test func zigZagVarintsCoverTheWholeRange() throws {
        // Counts that need 1, 2, 8 and 9 varint bytes, adding up to the largest count Java can hold. (Low values keep
        // count x value within 64 bits, which the library's iterators need.)
        let counts: [UInt64] = [1 << 62, UInt64(Int64.max) - (1 << 62) - (1 << 55) - 65, 1 << 55, 64, 1]
        var histogram = LatencyHistogram.latency()
        for (value, count) in counts.enumerated() { histogram.record(UInt64(value), count: count) }
        let bytes = HdrV2.encode(histogram)
        #expect(bytes.count == 40 + 9 + 9 + 9 + 2 + 1)
        let decoded = try HdrV2.decode(bytes)
        #expect(decoded.recordedValues().map(\.count) == counts)
        #expect(decoded.totalCount == UInt64(Int64.max))
    }
}
