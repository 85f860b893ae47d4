import BenchConfig
import Testing

@testable import HdrCodec
@testable import Report

/// The comparison's ratios and bootstrap intervals, and the noise floor that decides when a difference is real,
/// on clusters whose samples are known: a candidate exactly twice as fast, one 5 % faster with little noise, one
/// drawn from the same distribution.
@Suite struct ComparisonTests {
    /// `bins` one-second bins of 200 latencies each, `meanMilliseconds` times a factor from 1 - spread to
    /// 1 + spread (a fixed pseudo-random sequence per seed).
    static func intervals(bins: Int, meanMilliseconds: Double, spread: Double, seed: UInt64) throws -> ClusterIntervals {
        var state = seed
        let lines = try (0..<bins).map { bin in
            var histogram = LatencyHistogram.latency()
            for _ in 0..<200 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let unit = Double(state >> 11) / Double(1 << 53)
                histogram.recordLatency(nanoseconds: UInt64(meanMilliseconds * 1e6 * (1 - spread + 2 * spread * unit)))
            }
            return IntervalLog.Interval(
                tag: nil, start: Double(bin), length: 1, max: 0, buckets: try HdrV2.decodeBuckets(HdrV2.encode(histogram)))
        }
        return ClusterIntervals(intervals: lines, binSeconds: 1)
    }

    /// A cluster's report whose point values come from `bins`, as the run's report takes them from the .hlog.
    static func cluster(_ name: String, _ type: String, _ bins: ClusterIntervals) -> ClusterReport {
        var report = ClusterReport(
            name: name, path: "/\(name)", instanceType: type, instanceCount: 4,
            workload: .closed(ClosedLoad(connections: 1, limit: .requests(1))), tally: ClusterTally(cluster: name),
            durationSeconds: Double(bins.latency.count), loadBalancer: nil)
        report.latencyMilliseconds = LatencySummary(bins.latencyTotal)
        report.throughputPerSecond = Double(bins.latencyTotal.count) / Double(max(1, bins.latency.count))
        return report
    }

    /// Fewer replicates than a report's 400, for a debug build on a shared machine; the intervals are still 95 %.
    static let quick = BootstrapSettings(replicates: 100, seed: 0x00C0_FFEE, confidence: 0.95, materialDifference: 0.10)

    static func compare(
        _ base: ClusterIntervals, _ other: ClusterIntervals, settings: BootstrapSettings = quick
    ) -> Comparison {
        Comparison(
            baseline: cluster("cluster1", "m4.large", base), baselineBins: base,
            candidate: cluster("cluster2", "t2.xlarge", other), candidateBins: other, settings: settings, stream: 1)
    }

    @Test func twiceAsFastIsADifferenceAndItsIntervalIsTight() throws {
        let base = try Self.intervals(bins: 30, meanMilliseconds: 10, spread: 0.3, seed: 7)
        let fast = try Self.intervals(bins: 30, meanMilliseconds: 5, spread: 0.3, seed: 7)
        let comparison = Self.compare(base, fast)
        let mean = try #require(comparison.statistic("mean"))
        // The same draws at half the size: the ratio is 0.5 up to HdrHistogram's 3 significant digits.
        #expect(abs(try #require(mean.ratio) - 0.5) < 0.002)
        let low = try #require(mean.low)
        let high = try #require(mean.high)
        #expect(low <= 0.5 + 0.002 && high >= 0.5 - 0.002 && low > 0.45 && high < 0.55, "\(low) ... \(high)")
        #expect(mean.significant)
        #expect(comparison.better == "cluster2")
        #expect(comparison.decidedBy == "mean")
        #expect(abs(try #require(comparison.statistic("p99")?.ratio) - 0.5) < 0.002)
        // Both sent 200 a second: the throughput ratio is 1 and not a difference.
        let throughput = try #require(comparison.statistic("throughput"))
        #expect(throughput.ratio == 1 && !throughput.significant && throughput.higherIsBetter)
        #expect(Comparison.statisticNames == comparison.statistics.map(\.name))
    }

    @Test func theSameDistributionIsWithinTheNoise() throws {
        let comparison = Self.compare(
            try Self.intervals(bins: 30, meanMilliseconds: 10, spread: 0.5, seed: 1),
            try Self.intervals(bins: 30, meanMilliseconds: 10, spread: 0.5, seed: 2))
        let mean = try #require(comparison.statistic("mean"))
        #expect(abs(try #require(mean.ratio) - 1) < 0.03)
        #expect(try #require(mean.low) < 1 && (try #require(mean.high)) > 1)
        #expect(!mean.significant)
        #expect(comparison.better == nil)
    }

    @Test func fivePercentIsBelowTheNoiseFloorEvenWhenTheIntervalExcludesOne() throws {
        let base = try Self.intervals(bins: 30, meanMilliseconds: 10, spread: 0.01, seed: 3)
        let faster = try Self.intervals(bins: 30, meanMilliseconds: 9.5, spread: 0.01, seed: 4)
        let standard = Self.compare(base, faster)
        let mean = try #require(standard.statistic("mean"))
        #expect(abs(try #require(mean.ratio) - 0.95) < 0.005)
        #expect(try #require(mean.high) < 1)
        #expect(!mean.significant && standard.better == nil)
        // With a 1 % floor the same numbers are a difference.
        var fine = Self.quick
        fine.materialDifference = 0.01
        let strict = Self.compare(base, faster, settings: fine)
        #expect(strict.statistic("mean")?.significant == true)
        #expect(strict.better == "cluster2")
    }

    @Test func theSameInputsGiveTheSameIntervalsAndNoBinsGiveNone() throws {
        let base = try Self.intervals(bins: 12, meanMilliseconds: 10, spread: 0.4, seed: 5)
        let other = try Self.intervals(bins: 12, meanMilliseconds: 8, spread: 0.4, seed: 6)
        #expect(Self.compare(base, other) == Self.compare(base, other))
        var reseeded = Self.quick
        reseeded.seed = 99
        #expect(Self.compare(base, other, settings: reseeded).statistic("mean")?.ratio
            == Self.compare(base, other).statistic("mean")?.ratio)

        let empty = ClusterIntervals(intervals: [], binSeconds: 1)
        let none = Self.compare(base, empty)
        #expect(none.statistics.allSatisfy { $0.low == nil && $0.high == nil && !$0.significant })
        #expect(none.better == nil)
    }
}
