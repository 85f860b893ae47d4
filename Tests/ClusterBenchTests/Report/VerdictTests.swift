import BenchConfig
import Testing

@testable import Report

/// The verdict's words follow its numbers: which cluster is faster and by how much, "within the noise", a failed or
/// interrupted run, breached thresholds, a single cluster.
@Suite struct VerdictTests {
    static func report(
        outcome: String = "completed", failure: String? = nil, candidateMean: Double = 5,
        thresholds: [ThresholdConfig] = []
    ) throws -> RunReport {
        let base = try ComparisonTests.intervals(bins: 30, meanMilliseconds: 10, spread: 0.3, seed: 7)
        let other = try ComparisonTests.intervals(bins: 30, meanMilliseconds: candidateMean, spread: 0.3, seed: 7)
        let clusters = [
            ComparisonTests.cluster("cluster1", "m4.large", base),
            ComparisonTests.cluster("cluster2", "t2.xlarge", other),
        ]
        var report = RunReport(
            runID: "r", name: "tp1", description: "", provider: "local", schedule: "sequential", startedAt: "",
            finishedAt: "", outcome: outcome, failure: failure, agents: [], clusters: clusters,
            thresholdsFrom: thresholds)
        report.comparisons = [ComparisonTests.compare(base, other, settings: ComparisonTests.quick)]
        return report
    }

    @Test func theFasterClusterIsNamedWithItsFactor() throws {
        let verdict = Verdict.write(try Self.report())
        #expect(
            verdict.hasPrefix(
                "cluster2 (4 x t2.xlarge) is faster than cluster1 (4 x m4.large): its mean latency is 2.00 times lower; "
                    + "cluster2 against cluster1: mean latency "),
            "\(verdict)")
        #expect(verdict.contains("mean latency 5.00 ms against 9.99 ms (ratio 0.50, 95 % interval 0.50 to 0.50), p99 6.48 ms against 12.95 ms, throughput 200.0 req/s against 200.0 req/s (ratio 1.00)."))
        #expect(verdict.contains("The difference is larger than the noise."))
        #expect(!verdict.contains("within the noise"))
        #expect(Verdict.write(try Self.report()) == verdict)
    }

    @Test func aSmallDifferenceIsWithinTheNoise() throws {
        let verdict = Verdict.write(try Self.report(candidateMean: 9.7))
        #expect(verdict.hasPrefix("cluster2 (4 x t2.xlarge) and cluster1 (4 x m4.large) are within the noise: "), "\(verdict)")
        #expect(verdict.contains("(an interval that includes 1, or less than 10 %)"))
        #expect(!verdict.contains("is faster than"))
    }

    @Test func aFailedOrInterruptedRunSaysSoFirst() throws {
        let failed = Verdict.write(try Self.report(outcome: "failed", failure: "every agent was lost"))
        #expect(
            failed.hasPrefix(
                "The run failed (every agent was lost); the numbers cover what was measured until then. cluster2 "),
            "\(failed)")
        let cancelled = Verdict.write(try Self.report(outcome: "cancelled"))
        #expect(cancelled.hasPrefix("The run was interrupted; the numbers cover what was measured until then."))
    }

    @Test func breachedThresholdsAreListedWithTheirValues() throws {
        let held = Verdict.write(
            try Self.report(thresholds: [ThresholdConfig(cluster: nil, metric: .errorPercent, limit: 1)]))
        #expect(held.hasSuffix("All 2 thresholds held."), "\(held)")
        let breached = Verdict.write(
            try Self.report(thresholds: [
                ThresholdConfig(cluster: "cluster1", metric: .mean, limit: 8),
                ThresholdConfig(cluster: "cluster2", metric: .mean, limit: 8),
            ]))
        #expect(breached.hasSuffix("1 of 2 thresholds breached: cluster1 mean < 8 ms (was 9.99)."), "\(breached)")
        #expect(!breached.contains("breached: cluster2"))
    }

    @Test func oneClusterIsDescribedAlone() throws {
        var report = try Self.report()
        report.clusters.removeLast()
        report.comparisons = []
        let verdict = Verdict.write(report)
        #expect(verdict.hasPrefix("Only cluster1 was measured: mean latency 9.99 ms, p99 12.95 ms, 200.0 req/s."), "\(verdict)")
    }
}
