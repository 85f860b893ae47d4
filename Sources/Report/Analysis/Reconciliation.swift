import BalancerMetrics

/// The clients' count and latency set against the load balancer's (`clusters[].reconciliation`): what each side
/// counted, the difference with its explanation, and how much of the clients' latency the instances account for.
public struct Reconciliation: Codable, Sendable, Equatable {
    /// Requests the agents started.
    public var clientSent: Int
    /// Answers the agents got with any status (`statusClasses` summed).
    public var clientResponses: Int
    /// RequestCount of the balancer's series over the window; nil without series.
    public var balancerRequestCount: Int?
    /// 5xx the balancer answered by itself (not in RequestCount).
    public var balancer5xx: Int
    /// `balancerRequestCount - (clientResponses - balancer5xx)`: requests counted by one side only; nil without
    /// series.
    public var difference: Int?
    /// Why the counts differ, one reason a line (or why they agree).
    public var explanation: [String]
    /// The clients' mean latency, in milliseconds.
    public var clientMeanMilliseconds: Double
    /// TargetResponseTime over the window, in milliseconds; nil without series.
    public var targetResponseTimeMilliseconds: Double?
    /// `clientMeanMilliseconds - targetResponseTimeMilliseconds`: the network, the balancer and the client's own
    /// share of each request; nil without series.
    public var networkAndBalancerMilliseconds: Double?
    /// That share as a fraction of the clients' mean; nil without series.
    public var networkAndBalancerShare: Double?

    /// Reconciles a cluster's client-side counts with its balancer series summary.
    public init(cluster: ClusterReport, series: LoadBalancerSeriesSummary?) {
        clientSent = cluster.sent
        clientResponses = cluster.statusClasses.values.reduce(0, +)
        clientMeanMilliseconds = cluster.latencyMilliseconds.mean
        balancer5xx = series?.balancer5xx ?? 0
        let transport = cluster.errors.values.reduce(0, +)
        guard let series else {
            explanation = ["the provider gave no balancer series: nothing to reconcile"]
            return
        }
        balancerRequestCount = series.requestCount
        let fromInstances = clientResponses - series.balancer5xx
        let difference = series.requestCount - fromInstances
        self.difference = difference
        var reasons: [String] = []
        if difference == 0 {
            reasons.append("the balancer counted exactly the \(fromInstances) answers the instances gave the agents")
        } else if difference > 0 {
            reasons.append(
                "the balancer counted \(difference) request\(difference == 1 ? "" : "s") more than the agents got "
                    + "answered: requests in flight at the window's edges, or ended on the client side (\(transport) "
                    + "transport error\(transport == 1 ? "" : "s"): timeouts, resets, stops)")
        } else {
            reasons.append(
                "the agents got \(-difference) answer\(difference == -1 ? "" : "s") more than the balancer counted: "
                    + "requests accepted outside the metrics window (its edges are whole periods)")
        }
        if series.balancer5xx > 0 {
            reasons.append("\(series.balancer5xx) 5xx answered by the balancer itself are not in RequestCount")
        }
        if let connect = cluster.errors["connect"], connect > 0 {
            reasons.append("\(connect) failed connection\(connect == 1 ? "" : "s") never reached the balancer")
        }
        reasons.append("health checks go to the instances directly and are not counted")
        explanation = reasons
        targetResponseTimeMilliseconds = series.targetResponseTimeMilliseconds
        let share = clientMeanMilliseconds - series.targetResponseTimeMilliseconds
        networkAndBalancerMilliseconds = share
        networkAndBalancerShare = clientMeanMilliseconds > 0 ? share / clientMeanMilliseconds : nil
    }
}

/// How evenly a cluster's instances were used (`clusters[].balance`), from the agents' count of the app's
/// `X-Instance-Id` header (every provider) and, where the collector has them, the balancer's per-target counts.
public struct Balance: Codable, Sendable, Equatable {
    /// Answers per instance as the agents saw them.
    public var perInstance: [String: Int]
    /// The fewest answers of any instance (0 for an instance of the cluster that never answered).
    public var fewest: Int
    /// The most answers of any instance.
    public var most: Int
    /// `(most - fewest) / mean * 100`: 0 is perfect balance.
    public var spreadPercent: Double
    /// RequestCount per target from the balancer's series; nil when the collector has no per-target counts.
    public var balancerPerTarget: [String: Int]?

    /// The balance of `perInstance` over `instanceCount` instances.
    public init(perInstance: [String: Int], instanceCount: Int, balancerPerTarget: [String: Int]?) {
        self.perInstance = perInstance
        self.balancerPerTarget = balancerPerTarget
        var counts = Array(perInstance.values)
        if counts.count < instanceCount { counts += Array(repeating: 0, count: instanceCount - counts.count) }
        fewest = counts.min() ?? 0
        most = counts.max() ?? 0
        let mean = counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count)
        spreadPercent = mean > 0 ? Double(most - fewest) / mean * 100 : 0
    }
}

/// The most requests in one minute (`clusters[].peakRequestsPerMinute`), as the lab read it off CloudWatch's
/// RequestCount at a one-minute period.
public struct PeakRate: Codable, Sendable, Equatable {
    /// Requests in the busiest minute.
    public var requestsPerMinute: Int
    /// `balancer`: RequestCount summed per minute of the clock (minutes start at whole multiples of 60 s since
    /// 1970, as CloudWatch aligns them); `agents`: the timeline's requests summed per minute since the load started.
    public var source: String
    /// Start of that minute: seconds since 1970 (`balancer`) or since the load started (`agents`).
    public var minuteStart: Double

    /// The peak from the balancer's RequestCount series, or else from the agents' timeline.
    public init(cluster: String, metrics: MetricsDocument?, timeline: [TimelinePoint], binSeconds: Double) {
        if let series = metrics?.series.first("RequestCount", statistic: "Sum", cluster: cluster) {
            var minutes: [Int: Double] = [:]
            for (stamp, value) in zip(series.timestamps, series.values) {
                minutes[Int((Double(stamp) / 60).rounded(.down)) * 60, default: 0] += value
            }
            let peak = minutes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
            requestsPerMinute = Int(peak?.value ?? 0)
            minuteStart = Double(peak?.key ?? 0)
            source = "balancer"
        } else {
            var minutes: [Int: Int] = [:]
            for point in timeline {
                minutes[Int(((point.seconds - binSeconds) / 60 + 1e-9).rounded(.down)), default: 0] += point.requests
            }
            let peak = minutes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
            requestsPerMinute = peak?.value ?? 0
            minuteStart = Double((peak?.key ?? 0) * 60)
            source = "agents"
        }
    }
}
