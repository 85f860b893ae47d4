import BalancerMetrics

/// Turns a load balancer's per-request records and health timeline into CloudWatch's series, per cluster and per
/// target, one value per period of a window (empty periods are zeros).
///
/// Per cluster (dimension `cluster`): RequestCount (Sum: requests for which a target was chosen, as CloudWatch
/// counts), RequestCountPerTarget (Sum: RequestCount divided by the period's average HealthyHostCount, 0 when no
/// target was healthy), TargetResponseTime (Average, p50, p90, p99, in seconds, over requests a target answered),
/// HTTPCode_Target_2XX/3XX/4XX/5XX_Count (Sum: statuses sent by targets), HTTPCode_ELB_5XX_Count (Sum: 5xx the
/// balancer sent by itself), HealthyHostCount (Average over time, and Minimum), UnHealthyHostCount (Average); health
/// counts only the part of a period inside the window (the first and last periods are partial).
/// Per target (dimensions `cluster`, `target`), beyond CloudWatch: RequestCount (Sum) and TargetResponseTime
/// (Average).
public struct SeriesBuilder: Sendable {
    /// The window and its periods.
    public var window: MetricsWindow

    /// A builder for `window`.
    public init(window: MetricsWindow) {
        self.window = window
    }

    /// The series of every cluster of `clusters`, in their order: cluster-wide series first, then each target's.
    public func series(
        records: [RequestRecord], health: HealthTimeline, clusters: [DeployedCluster]
    ) -> [MetricSeries] {
        let starts = window.periodStarts
        let index = Dictionary(uniqueKeysWithValues: starts.enumerated().map { ($1, $0) })
        var byCluster: [String: [[RequestRecord]]] = [:]
        for record in records {
            guard let slot = index[window.periodStart(of: record.time)] else { continue }
            byCluster[record.cluster, default: Array(repeating: [], count: starts.count)][slot].append(record)
        }
        return clusters.flatMap { cluster in
            let periods = byCluster[cluster.name] ?? Array(repeating: [], count: starts.count)
            return clusterSeries(cluster, periods: periods, starts: starts, health: health)
                + cluster.instances.flatMap { targetSeries(cluster.name, $0.id, periods: periods, starts: starts) }
        }
    }

    private func clusterSeries(
        _ cluster: DeployedCluster, periods: [[RequestRecord]], starts: [Int], health: HealthTimeline
    ) -> [MetricSeries] {
        let dimensions = ["cluster": cluster.name]
        func series(_ name: String, _ statistic: String, _ unit: String, _ values: [Double]) -> MetricSeries {
            MetricSeries(
                name: name, statistic: statistic, unit: unit, dimensions: dimensions,
                periodSeconds: window.periodSeconds, timestamps: starts, values: values)
        }
        let targets = cluster.instances.map(\.id)
        let period = Double(window.periodSeconds)
        // Health over the part of each period inside the window: before the load the instances were starting.
        let healthy = starts.map {
            health.healthyCount(
                of: targets, from: max(window.start, Double($0)), to: min(window.end, Double($0) + period))
        }
        let requests = periods.map { Double($0.filter { $0.target != nil }.count) }
        let times = periods.map { $0.compactMap(\.targetResponseSeconds).sorted() }
        func statusCount(_ range: ClosedRange<Int>) -> [Double] {
            periods.map { Double($0.filter { $0.targetResponseSeconds != nil && range.contains($0.status) }.count) }
        }
        return [
            series("RequestCount", "Sum", "Count", requests),
            series(
                "RequestCountPerTarget", "Sum", "Count",
                zip(requests, healthy).map { $1.average > 0 ? $0 / $1.average : 0 }),
            series("TargetResponseTime", "Average", "Seconds", times.map(Self.mean)),
            series("TargetResponseTime", "p50", "Seconds", times.map { Self.percentile($0, 50) }),
            series("TargetResponseTime", "p90", "Seconds", times.map { Self.percentile($0, 90) }),
            series("TargetResponseTime", "p99", "Seconds", times.map { Self.percentile($0, 99) }),
            series("HTTPCode_Target_2XX_Count", "Sum", "Count", statusCount(200...299)),
            series("HTTPCode_Target_3XX_Count", "Sum", "Count", statusCount(300...399)),
            series("HTTPCode_Target_4XX_Count", "Sum", "Count", statusCount(400...499)),
            series("HTTPCode_Target_5XX_Count", "Sum", "Count", statusCount(500...599)),
            series("HTTPCode_ELB_5XX_Count", "Sum", "Count", periods.map { Double($0.filter(\.isBalancer5xx).count) }),
            series("HealthyHostCount", "Average", "Count", healthy.map(\.average)),
            series("HealthyHostCount", "Minimum", "Count", healthy.map { Double($0.minimum) }),
            series("UnHealthyHostCount", "Average", "Count", healthy.map { Double(targets.count) - $0.average }),
        ]
    }

    private func targetSeries(
        _ cluster: String, _ target: String, periods: [[RequestRecord]], starts: [Int]
    ) -> [MetricSeries] {
        let mine = periods.map { $0.filter { $0.target == target } }
        let dimensions = ["cluster": cluster, "target": target]
        return [
            MetricSeries(
                name: "RequestCount", statistic: "Sum", unit: "Count", dimensions: dimensions,
                periodSeconds: window.periodSeconds, timestamps: starts, values: mine.map { Double($0.count) }),
            MetricSeries(
                name: "TargetResponseTime", statistic: "Average", unit: "Seconds", dimensions: dimensions,
                periodSeconds: window.periodSeconds, timestamps: starts,
                values: mine.map { Self.mean($0.compactMap(\.targetResponseSeconds)) }),
        ]
    }

    /// The mean, 0 for no values.
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// The nearest-rank percentile of sorted values (the smallest value with at least `percent` % of the values
    /// at or below it), 0 for no values.
    static func percentile(_ sorted: [Double], _ percent: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
