import Wire

/// What the engine hands out every report interval, and once more (`final`) when the shard is over.
public struct IntervalReport: Sendable {
    /// 0, 1, 2... within the shard.
    public var sequence: Int
    /// True for the last report: every request the shard sent has been accounted for.
    public var final: Bool
    /// How long the interval lasted.
    public var intervalNanoseconds: UInt64
    /// Counters per target that saw activity in the interval.
    public var targets: [TargetCounters]
    /// The latency and service-time histograms of each entry of `targets`.
    public var histograms: [TargetHistograms]
    /// When the interval ended, a `MonotonicClock` reading.
    public var intervalEnd: UInt64 = 0
    /// When the engine began the shard, a `MonotonicClock` reading (the same in every report of the shard).
    public var startedAt: UInt64 = 0
    /// The engine thread's wake-ups that came more than 1 ms after the instant it asked for, its run-queue wait and
    /// its CPU time, over the interval.
    public var engineHealth = EngineHealth()
}
