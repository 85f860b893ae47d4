import Foundation

/// A metric dimension. Order matters to CloudWatch's matching in moto, so dimensions are kept as a list.
public struct CloudWatchDimension: Sendable, Equatable {
    /// `LoadBalancer`, `TargetGroup`.
    public var name: String
    /// `app/cb-run/0123456789abcdef`.
    public var value: String

    /// A dimension.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One query of `GetMetricData`: a metric, a period and a statistic.
public struct CloudWatchMetricQuery: Sendable, Equatable {
    /// The query's id, unique in the call: lower-case letter first, then letters, digits, `_`.
    public var id: String
    /// `AWS/ApplicationELB`.
    public var namespace: String
    /// `TargetResponseTime`.
    public var metricName: String
    /// The metric's dimensions.
    public var dimensions: [CloudWatchDimension]
    /// Seconds per data point (a multiple of 60).
    public var period: Int
    /// `Sum`, `Average`, `Maximum`, `SampleCount`, or a percentile such as `p99`.
    public var stat: String

    /// A query; see the properties.
    public init(
        id: String, namespace: String, metricName: String, dimensions: [CloudWatchDimension], period: Int,
        stat: String
    ) {
        self.id = id
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
        self.period = period
        self.stat = stat
    }
}

/// The answer to one query: data points as parallel timestamps and values, all pages merged.
public struct CloudWatchMetricSeries: Sendable, Equatable {
    /// The query's id.
    public var id: String
    /// CloudWatch's label.
    public var label: String
    /// `Complete`, `PartialData`, `InternalError`, `Forbidden` (of the last page).
    public var statusCode: String
    /// The points' times.
    public var timestamps: [Date]
    /// The points' values, one per timestamp.
    public var values: [Double]
}

/// One value to put with `PutMetricData`.
public struct CloudWatchDatum: Sendable, Equatable {
    /// The metric's name.
    public var metricName: String
    /// Its dimensions.
    public var dimensions: [CloudWatchDimension]
    /// The time of the value.
    public var timestamp: Date
    /// The value.
    public var value: Double
    /// `Count`, `Seconds`, ... (nil: `None`).
    public var unit: String?

    /// A datum; see the properties.
    public init(
        metricName: String, dimensions: [CloudWatchDimension], timestamp: Date, value: Double,
        unit: String? = nil
    ) {
        self.metricName = metricName
        self.dimensions = dimensions
        self.timestamp = timestamp
        self.value = value
        self.unit = unit
    }
}
