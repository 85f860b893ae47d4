import BenchConfig

/// One threshold of the config evaluated for one cluster (`report.json`: `thresholds[]`).
public struct ThresholdResult: Codable, Sendable, Equatable {
    /// The cluster it was evaluated for.
    public var cluster: String
    /// `all` when the config set it for every cluster, else the cluster's name.
    public var scope: String
    /// `p50`, `p90`, `p99`, `p999`, `mean`, `max` (ms), `errorPercent` (%), `throughput` (requests per second).
    public var metric: String
    /// `below` (latencies, error rate) or `atLeast` (throughput).
    public var comparison: String
    /// The limit, in the metric's unit.
    public var limit: Double
    /// The cluster's value, in the metric's unit.
    public var actual: Double
    /// Whether the value keeps the limit.
    public var passed: Bool

    /// Evaluates `metric` against `limit` for `cluster`.
    public init(cluster: ClusterReport, scope: String, metric: String, limit: Double) {
        self.cluster = cluster.name
        self.scope = scope
        self.metric = metric
        self.limit = limit
        let latency = cluster.latencyMilliseconds
        switch metric {
        case "p50": actual = latency.p50
        case "p90": actual = latency.p90
        case "p99": actual = latency.p99
        case "p999": actual = latency.p999
        case "mean": actual = latency.mean
        case "max": actual = latency.max
        case "errorPercent": actual = cluster.sent > 0 ? Double(cluster.failed) / Double(cluster.sent) * 100 : 0
        default: actual = cluster.throughputPerSecond
        }
        comparison = metric == "throughput" ? "atLeast" : "below"
        passed = metric == "throughput" ? actual >= limit : actual < limit
    }

    /// Re-evaluates the same threshold against `cluster` (what `coordinator report` does).
    public func reevaluated(_ cluster: ClusterReport) -> ThresholdResult {
        ThresholdResult(cluster: cluster, scope: scope, metric: metric, limit: limit)
    }

    /// Every threshold of the config, each for every cluster it applies to, in config order then cluster order.
    public static func evaluate(_ thresholds: [ThresholdConfig], clusters: [ClusterReport]) -> [ThresholdResult] {
        thresholds.flatMap { threshold in
            clusters.filter { threshold.cluster == nil || threshold.cluster == $0.name }.map {
                ThresholdResult(
                    cluster: $0, scope: threshold.cluster ?? "all", metric: threshold.metric.rawValue,
                    limit: threshold.limit)
            }
        }
    }

    /// `p99 < 200 ms`, as the outputs write the rule.
    public var rule: String {
        let unit = metric == "throughput" ? " req/s" : metric == "errorPercent" ? " %" : " ms"
        let name = metric == "errorPercent" ? "error rate" : metric
        return "\(name) \(comparison == "atLeast" ? ">=" : "<") \(Self.number(limit))\(unit)"
    }

    /// A number as the outputs write a limit or a value: up to 2 decimals, no trailing zeros.
    public static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
