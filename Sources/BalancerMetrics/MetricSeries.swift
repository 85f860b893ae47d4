/// One metric of a load balancer over time, in CloudWatch's shape: a name and statistic, the dimensions that say
/// what it measures (a cluster, or one target of a cluster), a fixed period, and one value per period.
///
/// Collectors fill it (the local provider's HAProxy collector from HAProxy's per-request log and stats; later
/// CloudWatch's `GetMetricData`), `metrics.json` and `metrics.csv` hold it, and reports summarise it.
/// `timestamps` and `values` run in parallel, as in `GetMetricData`'s answer.
public struct MetricSeries: Codable, Sendable, Equatable {
    /// CloudWatch's metric name (`RequestCount`, `TargetResponseTime`, `HealthyHostCount`, ...).
    public var name: String
    /// How each period's value was made: `Sum`, `Average`, `Minimum`, `Maximum` or a percentile (`p99`).
    public var statistic: String
    /// CloudWatch's unit: `Count` or `Seconds`.
    public var unit: String
    /// What is measured: `cluster` (the target group), and `target` (an instance id) for per-target series.
    public var dimensions: [String: String]
    /// Length of each period in seconds.
    public var periodSeconds: Int
    /// Start of each period, in whole seconds since 1970 (UTC), ascending and a multiple of `periodSeconds`.
    public var timestamps: [Int]
    /// The value of each period, parallel to `timestamps`.
    public var values: [Double]

    /// Makes a series; `timestamps` and `values` must have the same length.
    public init(
        name: String, statistic: String, unit: String, dimensions: [String: String], periodSeconds: Int,
        timestamps: [Int], values: [Double]
    ) {
        precondition(timestamps.count == values.count, "a series needs one value per timestamp")
        self.name = name
        self.statistic = statistic
        self.unit = unit
        self.dimensions = dimensions
        self.periodSeconds = periodSeconds
        self.timestamps = timestamps
        self.values = values
    }

    /// The cluster this series measures (its `cluster` dimension), if any.
    public var cluster: String? { dimensions["cluster"] }
    /// The target (instance) this series measures (its `target` dimension); nil for a cluster-wide series.
    public var target: String? { dimensions["target"] }

    /// The sum of all values (for `Sum` series: the total over the window).
    public var total: Double { values.reduce(0, +) }
}

extension Array where Element == MetricSeries {
    /// The series named `name` with statistic `statistic` for `cluster` (and `target`, or cluster-wide if nil).
    public func first(
        _ name: String, statistic: String, cluster: String, target: String? = nil
    ) -> MetricSeries? {
        first { $0.name == name && $0.statistic == statistic && $0.cluster == cluster && $0.target == target }
    }
}
