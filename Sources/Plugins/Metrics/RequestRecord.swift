/// One request as the load balancer logged it: what a per-request log gives a collector.
public struct RequestRecord: Sendable, Equatable {
    /// When the balancer had received the request, seconds since 1970 (UTC).
    public var time: Double
    /// The cluster (backend, target group) it was routed to.
    public var cluster: String
    /// The target (instance id) that served it; nil when the balancer chose none (HAProxy's `<NOSRV>`).
    public var target: String?
    /// The status sent to the client.
    public var status: Int
    /// Time from sending the request to the target until its response headers arrived, in seconds (HAProxy's
    /// `Tr`; CloudWatch's TargetResponseTime); nil when the target sent no response (the balancer answered).
    public var targetResponseSeconds: Double?

    /// Makes a record.
    public init(time: Double, cluster: String, target: String?, status: Int, targetResponseSeconds: Double?) {
        self.time = time
        self.cluster = cluster
        self.target = target
        self.status = status
        self.targetResponseSeconds = targetResponseSeconds
    }

    /// The balancer answered by itself with a 5xx (no server, or no answer from it): CloudWatch's
    /// HTTPCode_ELB_5XX_Count.
    public var isBalancer5xx: Bool { (500...599).contains(status) && targetResponseSeconds == nil }
}

/// When each target was healthy: its state at each change, as a load balancer's health checks saw it.
public struct HealthTimeline: Sendable {
    /// Changes of one target's state, in time order: from `time` on, the target is `healthy`.
    public var changes: [String: [(time: Double, healthy: Bool)]] = [:]

    /// An empty timeline.
    public init() {}

    /// Records the target's state at `time`; keeps only changes (and the first sample).
    public mutating func record(_ target: String, healthy: Bool, at time: Double) {
        if changes[target]?.last?.healthy == healthy { return }
        changes[target, default: []].append((time, healthy))
    }

    /// The time-weighted average of the number of healthy targets among `targets` over `[start, end)`, and the
    /// minimum number. A target's state before its first sample is taken to be that of the first sample; a target
    /// never sampled counts as unhealthy.
    public func healthyCount(
        of targets: [String], from start: Double, to end: Double
    ) -> (average: Double, minimum: Int) {
        guard end > start else {
            let count = targets.filter { isHealthy($0, at: start) }.count
            return (Double(count), count)
        }
        // Every instant where some target changes splits the window into pieces of constant count.
        var cuts = [start, end]
        for target in targets {
            for change in changes[target] ?? [] where change.time > start && change.time < end {
                cuts.append(change.time)
            }
        }
        cuts.sort()
        var weighted = 0.0
        var minimum = Int.max
        for (from, to) in zip(cuts, cuts.dropFirst()) where to > from {
            let count = targets.filter { isHealthy($0, at: from) }.count
            weighted += Double(count) * (to - from)
            minimum = min(minimum, count)
        }
        return (weighted / (end - start), minimum == Int.max ? 0 : minimum)
    }

    /// The target's state at `time`.
    public func isHealthy(_ target: String, at time: Double) -> Bool {
        guard let list = changes[target], let first = list.first else { return false }
        return list.last { $0.time <= time }?.healthy ?? first.healthy
    }
}
