import HdrCodec
import Report
import Testing

/// The report's histogram of interval bins: merging loses nothing, and its statistics stay within HdrHistogram's
/// precision (3 significant digits) of the exact values of the samples.
@Suite struct SparseHistogramTests {
    static let samples = HistogramSamples.latencies(count: 20_000, seed: 42)

    @Test func mergingPartsEqualsTheHistogramOfEverySample() {
        let parts = stride(from: 0, to: Self.samples.count, by: 1000).map { start in
            SparseHistogram(HistogramSamples.histogram(Array(Self.samples[start..<min(start + 1000, Self.samples.count)])))
        }
        let whole = SparseHistogram(HistogramSamples.histogram(Self.samples))
        #expect(SparseHistogram.merged(parts) == whole)
        #expect(whole.count == 20_000)
        #expect(SparseHistogram.merged([]).count == 0)
    }

    /// The report reads .hlog lines into buckets without building a histogram (HdrV2.decodeBuckets): the same
    /// buckets as the decoded histogram's, for either encoding, and none for an empty one.
    @Test func decodedBucketsAreTheDecodedHistogramsBuckets() throws {
        let histogram = HistogramSamples.histogram(Self.samples)
        for bytes in [HdrV2.encodeCompressed(histogram, compression: .best), HdrV2.encode(histogram)] {
            let buckets = try HdrV2.decodeBuckets(bytes)
            #expect(SparseHistogram(buckets) == SparseHistogram(histogram))
            #expect(SparseHistogram(buckets) == SparseHistogram(try HdrV2.decode(bytes)))
            #expect(buckets.totalCount == 20_000)
            #expect(buckets.histogram() == (try HdrV2.decode(bytes)))
        }
        let empty = try HdrV2.decodeBuckets(HdrV2.encodeCompressed(.latency()))
        #expect(empty.buckets.isEmpty && SparseHistogram(empty).count == 0)
    }

    @Test func statisticsStayWithinThePrecisionOfTheSamples() {
        let whole = SparseHistogram(HistogramSamples.histogram(Self.samples))
        let sorted = Self.samples.sorted()
        let exactMean = Double(sorted.reduce(0, +)) / Double(sorted.count)
        #expect(abs(whole.mean - exactMean) / exactMean < 0.001)
        for percentile in [50.0, 90.0, 99.0, 99.9] {
            let rank = Int((percentile / 100 * Double(sorted.count)).rounded(.up)) - 1
            let exact = Double(sorted[max(0, rank)])
            let value = Double(whole.value(atPercentile: percentile))
            #expect(abs(value - exact) / exact < 0.001, "p\(percentile): \(value) against \(exact)")
        }
        #expect(Double(whole.min) <= Double(sorted.first!) && Double(whole.max) >= Double(sorted.last!) * 0.999)
    }
}
