/// TIME payload (coordinator → agent): one round trip of the clock-offset estimate, NTP's shape.
public struct TimeProbe: Codable, Sendable, Equatable {
    /// Numbers the probes to one agent, so that a late reply is told from a fresh one.
    public var sequence: Int
    /// When the coordinator sent it, nanoseconds of its monotonic clock (t1).
    public var sentNanoseconds: UInt64

    /// Makes a probe.
    public init(sequence: Int, sentNanoseconds: UInt64) {
        self.sequence = sequence
        self.sentNanoseconds = sentNanoseconds
    }
}

/// TIME-REPLY payload (agent → coordinator): the probe's fields echoed, with the agent's own clock readings.
public struct TimeReply: Codable, Sendable, Equatable {
    /// The probe's sequence.
    public var sequence: Int
    /// The probe's `sentNanoseconds` (t1, coordinator clock), echoed.
    public var probeSentNanoseconds: UInt64
    /// When the agent received the probe, its own clock (t2).
    public var receivedNanoseconds: UInt64
    /// When the agent sent this reply, its own clock (t3).
    public var repliedNanoseconds: UInt64

    /// Makes a reply.
    public init(sequence: Int, probeSentNanoseconds: UInt64, receivedNanoseconds: UInt64, repliedNanoseconds: UInt64) {
        self.sequence = sequence
        self.probeSentNanoseconds = probeSentNanoseconds
        self.receivedNanoseconds = receivedNanoseconds
        self.repliedNanoseconds = repliedNanoseconds
    }
}

/// START payload: which shard, under which epoch, and the instant to begin, in the agent's own clock (the
/// coordinator's chosen instant plus the agent's estimated offset). An agent that gets START after that instant
/// (a resent START) begins at once; its report's `startedAtNanoseconds` shows how late.
public struct StartOrder: Codable, Sendable, Equatable {
    /// The shard.
    public var shardID: String
    /// Its epoch.
    public var epoch: Int
    /// When to begin, nanoseconds of the agent's own monotonic clock.
    public var startAtNanoseconds: UInt64

    /// Makes a START.
    public init(shardID: String, epoch: Int, startAtNanoseconds: UInt64) {
        self.shardID = shardID
        self.epoch = epoch
        self.startAtNanoseconds = startAtNanoseconds
    }

    /// The shard's reference.
    public var ref: ShardRef { ShardRef(shardID: shardID, epoch: epoch) }
}
