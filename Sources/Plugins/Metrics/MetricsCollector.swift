import BalancerMetrics

/// The collector role of a provider: the load balancer's own metrics for a time window, as CloudWatch-shaped
/// series per cluster (target group) and per target.
///
/// The `haproxy` collector of the local provider reads HAProxy's per-request log and health samples; a CloudWatch
/// collector fills the same series from `GetMetricData`. Blocking (bounded): call it from a thread of your own.
public protocol MetricsCollector: Sendable {
    /// The collector's name, recorded as `source` in `metrics.json` (`haproxy`).
    var source: String { get }

    /// The series of `clusters` over `window`, one value per period (empty periods are zeros).
    /// - Throws: `ProviderError.metricsUnavailable` naming what could not be read.
    func collect(_ window: MetricsWindow, clusters: [DeployedCluster]) throws(ProviderError) -> [MetricSeries]
}

/// A time window cut into whole periods aligned as CloudWatch aligns them: every period starts at a multiple of
/// its length since 1970 (UTC).
public struct MetricsWindow: Sendable, Equatable {
    /// Start of the window, seconds since 1970 (UTC), with fraction.
    public var start: Double
    /// End of the window (after `start`), seconds since 1970 (UTC), with fraction.
    public var end: Double
    /// Length of a period in whole seconds, at least 1.
    public var periodSeconds: Int
    /// Responses the agents received per cluster in the window: a collector that reads a log may wait (bounded)
    /// until the log holds at least these many lines. Empty when unknown.
    public var answeredRequests: [String: Int] = [:]

    /// Makes a window; an `end` before `start` is taken as `start`.
    public init(start: Double, end: Double, periodSeconds: Int) {
        precondition(periodSeconds >= 1, "a period is at least one second")
        self.start = start
        self.end = max(start, end)
        self.periodSeconds = periodSeconds
    }

    /// The start of every period that overlaps the window: from the period holding `start` to the one holding
    /// `end` (at least one).
    public var periodStarts: [Int] {
        let first = Self.floor(start, periodSeconds)
        var last = Self.floor(end, periodSeconds)
        if end > start, Double(last) == end { last -= periodSeconds }
        last = max(first, last)
        return Array(stride(from: first, through: last, by: periodSeconds))
    }

    /// The start of the period holding `time`.
    public func periodStart(of time: Double) -> Int { Self.floor(time, periodSeconds) }

    private static func floor(_ time: Double, _ period: Int) -> Int {
        let seconds = Int(time.rounded(.down))
        return seconds - ((seconds % period) + period) % period
    }
}
