/// One agent's clock offset from the coordinator's, estimated as NTP does from timestamped round trips.
///
/// A round trip gives t1 (coordinator sends), t2 (agent receives), t3 (agent replies) and t4 (coordinator
/// receives). Its offset is `((t2 - t1) + (t3 - t4)) / 2` (agent clock minus coordinator clock) and its delay
/// `(t4 - t1) - (t3 - t2)`, the time on the wire; whatever the asymmetry of the two ways, the true offset lies
/// within `delay / 2` of the estimate. The estimate kept is that of the sample with the smallest delay among the
/// last `capacity`, and its uncertainty is half that delay.
public struct ClockOffset: Sendable, Equatable {
    /// One round trip.
    public struct Sample: Sendable, Equatable {
        /// Agent clock minus coordinator clock, nanoseconds.
        public var offset: Int64
        /// Round-trip time less the agent's own time between receiving and replying, nanoseconds.
        public var delay: Int64
    }

    /// Samples kept (the most recent).
    public let capacity: Int
    /// The samples kept, oldest first.
    public private(set) var samples: [Sample] = []

    /// An estimate that keeps the last `capacity` samples.
    public init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
    }

    /// Adds a round trip; t1 and t4 are coordinator readings, t2 and t3 the agent's. Returns false (and keeps
    /// nothing) for readings that cannot belong to one round trip (t4 before t1, t3 before t2, or a reply that
    /// took longer on the agent than the whole trip).
    @discardableResult
    public mutating func add(t1: UInt64, t2: UInt64, t3: UInt64, t4: UInt64) -> Bool {
        let limit = WireLimits.timestamp.upperBound
        guard t4 >= t1, t3 >= t2, [t1, t2, t3, t4].allSatisfy({ $0 <= limit }), t3 - t2 <= t4 - t1 else { return false }
        let (c1, a2, a3, c4) = (Int64(t1), Int64(t2), Int64(t3), Int64(t4))
        samples.append(Sample(offset: ((a2 - c1) + (a3 - c4)) / 2, delay: (c4 - c1) - (a3 - a2)))
        if samples.count > capacity { samples.removeFirst(samples.count - capacity) }
        return true
    }

    /// The sample with the smallest delay (the earliest of equals); nil before the first.
    public var best: Sample? {
        samples.min { $0.delay < $1.delay }
    }

    /// Agent clock minus coordinator clock, nanoseconds; 0 before any sample.
    public var offset: Int64 { best?.offset ?? 0 }

    /// How far the true offset may lie from `offset`: half the best round trip; nil before any sample.
    public var uncertainty: Int64? { best.map { ($0.delay + 1) / 2 } }

    /// A coordinator clock reading as the agent's clock reads at the same instant (clamped at 0).
    public func agentTime(_ coordinatorTime: UInt64) -> UInt64 {
        UInt64(max(0, Int64(min(coordinatorTime, WireLimits.timestamp.upperBound)) + offset))
    }

    /// An agent clock reading as the coordinator's clock reads at the same instant (clamped at 0).
    public func coordinatorTime(_ agentTime: UInt64) -> UInt64 {
        UInt64(max(0, Int64(min(agentTime, WireLimits.timestamp.upperBound)) - offset))
    }
}
