/// ACK payload: the coordinator has every report of the shard before `nextSequence`, and the agent may forget them.
///
/// Acknowledgements are cumulative: the agent keeps every report it sent until an ACK covers it and sends the
/// uncovered ones again every heartbeat interval, so a lost REPORT (or a lost ACK) costs a resend, never a hung run.
public struct Ack: Codable, Sendable, Equatable {
    /// The shard acknowledged.
    public var shardID: String
    /// Its epoch.
    public var epoch: Int
    /// The first sequence number the coordinator has not accepted yet.
    public var nextSequence: Int

    /// Makes an ACK.
    public init(shardID: String, epoch: Int, nextSequence: Int) {
        self.shardID = shardID
        self.epoch = epoch
        self.nextSequence = nextSequence
    }
}

/// FAILED payload: the agent could not prepare or run a shard, and says why instead of going silent.
public struct ShardFailure: Codable, Sendable, Equatable {
    /// The shard that failed.
    public var shardID: String
    /// Its epoch.
    public var epoch: Int
    /// Why, in one line.
    public var reason: String

    /// Makes a FAILED.
    public init(shardID: String, epoch: Int, reason: String) {
        self.shardID = shardID
        self.epoch = epoch
        self.reason = reason
    }
}
