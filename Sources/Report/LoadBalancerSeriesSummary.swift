import BalancerMetrics

/// A cluster's load-balancer series summed up over the run's window, for `report.json`
/// (`clusters[].loadBalancer.series`); the series themselves are in `metrics.json` and `metrics.csv`.
public struct LoadBalancerSeriesSummary: Codable, Sendable, Equatable {
    /// The collector that made the series (`haproxy`).
    public var source: String
    /// Length of each period, in seconds.
    public var periodSeconds: Int
    /// Number of periods in the window.
    public var periods: Int
    /// RequestCount summed over the window: requests for which the balancer chose a target.
    public var requestCount: Int
    /// Each target's RequestCount summed over the window, by instance id.
    public var perTarget: [String: Int]
    /// TargetResponseTime averaged over every request a target answered, in milliseconds (each period's average
    /// weighted by its answered requests).
    public var targetResponseTimeMilliseconds: Double
    /// Statuses sent by targets, by class (`2xx`: HTTPCode_Target_2XX_Count summed, ...).
    public var targetStatusClasses: [String: Int]
    /// 5xx the balancer sent by itself (HTTPCode_ELB_5XX_Count summed): no healthy target, or no answer.
    public var balancer5xx: Int
    /// The smallest HealthyHostCount seen (the Minimum series' smallest value).
    public var minimumHealthyHosts: Int

    /// The summary of `cluster`'s series, or nil if there is no RequestCount series for it.
    public init?(series: [MetricSeries], cluster: String, source: String) {
        guard let requests = series.first("RequestCount", statistic: "Sum", cluster: cluster) else { return nil }
        func total(_ name: String) -> Int {
            Int(series.first(name, statistic: "Sum", cluster: cluster)?.total ?? 0)
        }
        self.source = source
        periodSeconds = requests.periodSeconds
        periods = requests.values.count
        requestCount = Int(requests.total)
        var perTarget: [String: Int] = [:]
        for one in series where one.cluster == cluster && one.name == "RequestCount" && one.statistic == "Sum" {
            if let target = one.target { perTarget[target] = Int(one.total) }
        }
        self.perTarget = perTarget
        var classes: [String: Int] = [:]
        var answered = Array(repeating: 0.0, count: periods)
        for digit in 2...5 {
            let name = "HTTPCode_Target_\(digit)XX_Count"
            guard let counts = series.first(name, statistic: "Sum", cluster: cluster) else { continue }
            classes["\(digit)xx"] = Int(counts.total)
            for (index, count) in counts.values.enumerated() where index < periods { answered[index] += count }
        }
        targetStatusClasses = classes
        let averages = series.first("TargetResponseTime", statistic: "Average", cluster: cluster)?.values ?? []
        let weight = answered.reduce(0, +)
        let weighted = zip(averages, answered).reduce(0.0) { $0 + $1.0 * $1.1 }
        targetResponseTimeMilliseconds = weight > 0 ? weighted / weight * 1000 : 0
        balancer5xx = total("HTTPCode_ELB_5XX_Count")
        minimumHealthyHosts = Int(
            series.first("HealthyHostCount", statistic: "Minimum", cluster: cluster)?.values.min() ?? 0)
    }
}
