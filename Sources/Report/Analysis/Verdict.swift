import Foundation

/// Writes the verdict: one paragraph from the numbers of a report (which cluster is better, by how much, whether
/// that is larger than the noise, and the facts behind it). The same numbers always give the same words.
public enum Verdict {
    /// The paragraph for `report`'s comparisons, clusters and thresholds.
    public static func write(_ report: RunReport) -> String {
        var sentences: [String] = []
        if report.outcome != "completed" {
            sentences.append(
                "The run \(report.outcome == "cancelled" ? "was interrupted" : "failed")"
                    + (report.failure.map { " (\($0))" } ?? "") + "; the numbers cover what was measured until then.")
        }
        let clusters = Dictionary(report.clusters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        sentences += report.comparisons.map { sentence($0, clusters: clusters) }
        if report.comparisons.isEmpty, let only = report.clusters.first {
            sentences.append(
                "Only \(only.name) was measured: mean latency \(ms(only.latencyMilliseconds.mean)), "
                    + "p99 \(ms(only.latencyMilliseconds.p99)), \(rate(only.throughputPerSecond)).")
        }
        sentences += facts(report.clusters)
        if !report.thresholds.isEmpty {
            let breached = report.thresholds.filter { !$0.passed }
            if breached.isEmpty {
                sentences.append("All \(report.thresholds.count) thresholds held.")
            } else {
                let list = breached.map { "\($0.cluster) \($0.rule) (was \(ThresholdResult.number($0.actual)))" }
                sentences.append(
                    "\(breached.count) of \(report.thresholds.count) thresholds breached: "
                        + list.joined(separator: "; ") + ".")
            }
        }
        return sentences.joined(separator: " ")
    }

    /// One comparison in words.
    static func sentence(_ comparison: Comparison, clusters: [String: ClusterReport]) -> String {
        func name(_ label: String) -> String {
            guard let cluster = clusters[label] else { return label }
            return "\(label) (\(cluster.instanceCount) x \(cluster.instanceType))"
        }
        guard let mean = comparison.statistic("mean"), let ratio = mean.ratio else {
            return "\(comparison.candidate) cannot be compared with \(comparison.baseline): no latency was measured."
        }
        let interval = mean.low.flatMap { low in mean.high.map { String(format: "%.2f to %.2f", low, $0) } } ?? "n/a"
        let p99 = comparison.statistic("p99")
        let throughput = comparison.statistic("throughput")
        var detail = "mean latency \(ms(mean.candidate)) against \(ms(mean.baseline)) (ratio \(fmt(ratio)), "
            + "95 % interval \(interval))"
        if let p99 { detail += ", p99 \(ms(p99.candidate)) against \(ms(p99.baseline))" }
        if let throughput, let rateRatio = throughput.ratio {
            detail += ", throughput \(rate(throughput.candidate)) against \(rate(throughput.baseline)) "
                + "(ratio \(fmt(rateRatio)))"
        }
        guard let better = comparison.better else {
            return "\(name(comparison.candidate)) and \(name(comparison.baseline)) are within the noise: \(detail); "
                + "the difference is not larger than the noise (an interval that includes 1, or less than 10 %)."
        }
        let worse = better == comparison.candidate ? comparison.baseline : comparison.candidate
        let factor = ratio < 1 ? 1 / ratio : ratio
        return "\(name(better)) is faster than \(name(worse)): its mean latency is \(fmt(factor)) times lower; "
            + "\(comparison.candidate) against \(comparison.baseline): \(detail). The difference is larger than the "
            + "noise."
    }

    /// The facts behind the verdict: peak requests per minute, where the time went, failures.
    static func facts(_ clusters: [ClusterReport]) -> [String] {
        var facts: [String] = []
        let peaks = clusters.compactMap { cluster in
            cluster.peakRequestsPerMinute.map { "\(cluster.name) \($0.requestsPerMinute)" + " (\($0.source))" }
        }
        if !peaks.isEmpty { facts.append("Peak requests per minute: " + peaks.joined(separator: ", ") + ".") }
        let time = clusters.compactMap { cluster -> String? in
            guard let reconciliation = cluster.reconciliation,
                let target = reconciliation.targetResponseTimeMilliseconds,
                let rest = reconciliation.networkAndBalancerMilliseconds
            else { return nil }
            let share = reconciliation.networkAndBalancerShare.map { String(format: " (%.0f %%)", $0 * 100) } ?? ""
            return "of \(cluster.name)'s mean \(ms(reconciliation.clientMeanMilliseconds)) the instances took "
                + "\(ms(target)) (TargetResponseTime), network, balancer and client \(ms(rest))\(share)"
        }
        if !time.isEmpty { facts.append("Where the time went: " + time.joined(separator: "; ") + ".") }
        for cluster in clusters where cluster.failed > 0 {
            facts.append(
                "\(cluster.name) failed \(cluster.failed) of \(cluster.sent) requests "
                    + String(format: "(%.2f %%).", cluster.errorPercent))
        }
        return facts
    }

    static func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
    static func fmt(_ value: Double) -> String { String(format: "%.2f", value) }
    static func rate(_ value: Double) -> String { String(format: "%.1f req/s", value) }
}
