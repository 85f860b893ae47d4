import HdrCodec
import Wire

/// Everything the agents reported about one cluster, merged losslessly: counters are summed and latency
/// histograms added bucket by bucket (never an average of percentiles).
public struct ClusterTally: Sendable {
    /// Cluster name.
    public let cluster: String
    /// Requests sent.
    public private(set) var sent = 0
    /// Responses by status class.
    public private(set) var statusClasses: [String: Int] = [:]
    /// Transport errors by kind.
    public private(set) var errors: [String: Int] = [:]
    /// Response body bytes.
    public private(set) var bytes = 0
    /// Responses per serving instance (from `X-Instance-Id`).
    public private(set) var instances: [String: Int] = [:]
    /// Every latency observed, from the intended send (the due time in the open model).
    public private(set) var histogram = LatencyHistogram.latency()
    /// Every service time observed, from the actual send.
    public private(set) var serviceHistogram = LatencyHistogram.latency()
    /// Sends that left more than the late threshold after their due time.
    public private(set) var late = 0
    /// Of `late`, the sends that waited for a free slot (every one of their agent's in-flight cap was in use).
    public private(set) var lateAtCap = 0
    /// Arrivals not sent: they waited a whole request timeout at the in-flight cap.
    public private(set) var dropped = 0

    /// An empty tally for `cluster`.
    public init(cluster: String) { self.cluster = cluster }

    /// Adds one target's interval counters and histograms.
    public mutating func add(_ counters: TargetCounters, histograms interval: TargetHistograms) {
        addCounters(counters)
        histogram.add(interval.latency)
        serviceHistogram.add(interval.service)
    }

    /// Adds one target's interval counters and histograms as the coordinator received them (decoded buckets).
    public mutating func add(_ counters: TargetCounters, latency: HdrBuckets, service: HdrBuckets) {
        addCounters(counters)
        histogram.add(latency)
        serviceHistogram.add(service)
    }

    private mutating func addCounters(_ counters: TargetCounters) {
        sent += counters.sent
        statusClasses.merge(counters.statusClasses, uniquingKeysWith: +)
        errors.merge(counters.errors, uniquingKeysWith: +)
        bytes += counters.bytes
        instances.merge(counters.instances, uniquingKeysWith: +)
        late += counters.late
        lateAtCap += counters.lateAtCap ?? 0
        dropped += counters.dropped
    }

    /// Responses with a 2xx or 3xx status.
    public var completed: Int { (statusClasses["2xx"] ?? 0) + (statusClasses["3xx"] ?? 0) }
    /// Requests that got a 4xx/5xx status or a transport error.
    public var failed: Int { statusClasses.values.reduce(0, +) - completed + errors.values.reduce(0, +) }
}

/// One point of a cluster's time series.
public struct TimelinePoint: Codable, Sendable, Equatable {
    /// Seconds since the run's load started.
    public var seconds: Double
    /// Requests finished in the interval.
    public var requests: Int
    /// Requests per second over the interval.
    public var throughput: Double
    /// Median latency of the interval, in milliseconds.
    public var p50Milliseconds: Double
    /// 99th percentile latency of the interval, in milliseconds.
    public var p99Milliseconds: Double

    public init(seconds: Double, requests: Int, throughput: Double, p50Milliseconds: Double, p99Milliseconds: Double) {
        self.seconds = seconds
        self.requests = requests
        self.throughput = throughput
        self.p50Milliseconds = p50Milliseconds
        self.p99Milliseconds = p99Milliseconds
    }
}
