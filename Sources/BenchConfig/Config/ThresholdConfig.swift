import StrictJSON

/// A limit the run's results must keep, for CI gates (config key `thresholds`): a latency below a duration, an error
/// rate below a percentage, a throughput at least a rate; for one cluster or for all.
public struct ThresholdConfig: Sendable, Equatable {
    /// What a threshold limits.
    public enum Metric: String, Sendable, Equatable, CaseIterable {
        /// Latency percentiles and the mean, from the intended send: a duration the value must stay below.
        case p50, p90, p99, p999, mean, max
        /// Failed requests as a percentage of those sent: must stay below.
        case errorPercent
        /// Completed requests per second: must be at least.
        case throughput

        /// True for the latencies, whose limit is a duration.
        public var isLatency: Bool { self != .errorPercent && self != .throughput }
    }

    /// The cluster it applies to; nil: every cluster (config key `all`).
    public var cluster: String?
    /// What it limits.
    public var metric: Metric
    /// The limit: milliseconds for a latency, a percentage for `errorPercent`, requests per second for `throughput`.
    public var limit: Double

    /// Makes a threshold.
    public init(cluster: String?, metric: Metric, limit: Double) {
        self.cluster = cluster
        self.metric = metric
        self.limit = limit
    }
}

extension Array where Element == ThresholdConfig {
    /// The thresholds as their config object: `{"all": {...}, "cluster1": {...}}`.
    public func json() -> JSONValue {
        var groups: JSONObject = [:]
        for threshold in self {
            let key = threshold.cluster ?? "all"
            var group: JSONObject
            if case .object(let existing) = groups[key] { group = existing } else { group = [:] }
            group[threshold.metric.rawValue] =
                threshold.metric.isLatency
                ? .string(Duration.nanoseconds(Int64((threshold.limit * 1e6).rounded())).configText)
                : threshold.limit == threshold.limit.rounded() && abs(threshold.limit) < 1e15
                    ? .int(Int64(threshold.limit)) : .double(threshold.limit)
            groups[key] = .object(group)
        }
        return .object(groups)
    }
}
