import HdrCodec

/// REPORT payload (frame 1); frames 2... hold two histograms per entry of `targets`, in order: the target's latency
/// (from the intended send), then its service time (from the actual send).
public struct ReportHeader: Codable, Sendable, Equatable {
    /// The shard reported on.
    public var shardID: String
    /// The shard's epoch.
    public var epoch: Int
    /// 0, 1, 2... per shard; the coordinator checks that none is missing or repeated.
    public var sequence: Int
    /// The last report of the shard: every request it sent has been accounted for.
    public var final: Bool
    /// Length of the interval the report covers, in nanoseconds of the agent's monotonic clock.
    public var intervalNanoseconds: UInt64
    /// When the interval ended, the agent's own clock: the coordinator places the report on the run's timeline by
    /// this reading less the agent's clock offset, not by when the report arrived.
    public var intervalEndNanoseconds: UInt64
    /// When the shard's engine actually began, the agent's own clock (the same in every report of the shard): the
    /// coordinator measures the start skew from it.
    public var startedAtNanoseconds: UInt64
    /// Counters of the interval, one per shard target that saw activity.
    public var targets: [TargetCounters]
    /// The interval's late wake-ups, run-queue wait and CPU time of the shard's engine threads; nil when all are zero.
    public var engineHealth: EngineHealth?

    /// A report header.
    public init(
        shardID: String, epoch: Int, sequence: Int, final: Bool, intervalNanoseconds: UInt64,
        targets: [TargetCounters], intervalEndNanoseconds: UInt64 = 0, startedAtNanoseconds: UInt64 = 0
    ) {
        self.shardID = shardID
        self.epoch = epoch
        self.sequence = sequence
        self.final = final
        self.intervalNanoseconds = intervalNanoseconds
        self.targets = targets
        self.intervalEndNanoseconds = intervalEndNanoseconds
        self.startedAtNanoseconds = startedAtNanoseconds
    }
}

/// What one target saw in one interval. All counts are deltas over the interval, so they add up.
public struct TargetCounters: Codable, Sendable, Equatable {
    /// Index into the shard's targets.
    public var target: Int
    /// Requests started.
    public var sent: Int
    /// Responses by status class: "2xx", "3xx", "4xx", "5xx".
    public var statusClasses: [String: Int]
    /// Transport failures by kind: "connect", "timeout", "reset", "tls", "aborted", "other".
    public var errors: [String: Int]
    /// Response body bytes received.
    public var bytes: Int
    /// Responses per serving instance, from the `X-Instance-Id` response header.
    public var instances: [String: Int]
    /// Sends that left more than the engine's late threshold (1 ms) after their due time (open model).
    public var late: Int
    /// Of `late`, those that waited for a free slot: when they came due, the agent already had its whole share of
    /// `maxInFlight` in flight (the servers were slow to answer, not the load generator to send). nil for none.
    public var lateAtCap: Int?
    /// Arrivals not sent: they waited a whole request timeout at the in-flight cap (open model).
    public var dropped: Int
    /// When the target's latest request of the interval ended (a response or an error), the agent's own clock; nil
    /// if none ended. The coordinator measures each cluster's duration up to its last end, so clusters loaded side
    /// by side by one shard each get their own duration.
    public var lastEndNanoseconds: UInt64?

    /// Counters; everything not given is zero.
    public init(
        target: Int, sent: Int = 0, statusClasses: [String: Int] = [:], errors: [String: Int] = [:], bytes: Int = 0,
        instances: [String: Int] = [:], late: Int = 0, dropped: Int = 0
    ) {
        self.target = target
        self.sent = sent
        self.statusClasses = statusClasses
        self.errors = errors
        self.bytes = bytes
        self.instances = instances
        self.late = late
        self.dropped = dropped
    }

    /// HTTP responses received, whatever their status.
    public var responses: Int { statusClasses.values.reduce(0, +) }
    /// Requests that ended with a transport error.
    public var transportErrors: Int { errors.values.reduce(0, +) }

    /// Adds another interval's counters of the same target.
    public mutating func add(_ other: TargetCounters) {
        sent += other.sent
        statusClasses.merge(other.statusClasses, uniquingKeysWith: +)
        errors.merge(other.errors, uniquingKeysWith: +)
        bytes += other.bytes
        instances.merge(other.instances, uniquingKeysWith: +)
        late += other.late
        if let more = other.lateAtCap { lateAtCap = (lateAtCap ?? 0) + more }
        dropped += other.dropped
        if let end = other.lastEndNanoseconds { lastEndNanoseconds = max(lastEndNanoseconds ?? 0, end) }
    }
}

/// The two histograms of one target in one interval.
public struct TargetHistograms: Sendable, Equatable {
    /// From the intended send time (the due time in the open model) to completion.
    public var latency: LatencyHistogram
    /// From the actual send to completion.
    public var service: LatencyHistogram

    /// Both histograms.
    public init(latency: LatencyHistogram, service: LatencyHistogram) {
        self.latency = latency
        self.service = service
    }

    /// Two empty histograms of the standard shape.
    public static func empty() -> TargetHistograms {
        TargetHistograms(latency: .latency(), service: .latency())
    }

    /// Adds another pair bucket by bucket.
    public mutating func add(_ other: TargetHistograms) {
        latency.add(other.latency)
        service.add(other.service)
    }
}
