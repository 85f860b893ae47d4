/// The range of every value a message may carry. A message with a value outside its range is refused
/// (`WireError.outOfRange`) before anything uses it, so no count, rate or duration a peer sends can trap the
/// receiver or overflow a tally.
///
/// Counters are capped so that the coordinator's per-shard totals stay below 2^50 and a run's totals below
/// 2^63 for any number of shards under 8 192.
public enum WireLimits {
    /// Protocol versions a HELLO or WELCOME may name (others are refused as out of range, not as a mismatch).
    public static let protocolVersions = 1...1_000_000
    /// Names: agents, shards, clusters, flows (UTF-8 bytes).
    public static let nameBytes = 1...128
    /// Host names and agent versions (UTF-8 bytes).
    public static let hostBytes = 0...255
    /// URLs (UTF-8 bytes).
    public static let urlBytes = 1...4096
    /// Reasons in REJECT and FAILED (UTF-8 bytes).
    public static let reasonBytes = 0...2000
    /// Processor count in HELLO.
    public static let cores = 1...65_536
    /// Process ids.
    public static let pids = 0...Int(Int32.max)
    /// Heartbeat interval in WELCOME, milliseconds.
    public static let heartbeatMilliseconds = 10...60_000
    /// Heartbeat liveness in WELCOME.
    public static let liveness = 2...100
    /// Epochs and sequence numbers.
    public static let epochs = 0...1_000_000_000
    /// Targets per shard and entries per report.
    public static let targets = 0...64
    /// Request timeout and report interval, milliseconds.
    public static let shardMilliseconds = 10...3_600_000
    /// Flows per target and steps per flow.
    public static let flowsPerTarget = 1...10_000
    /// Requests in one flow step or one closed share.
    public static let requests = 1...1_000_000_000
    /// Pauses and closed durations, milliseconds (one day).
    public static let milliseconds = 0...86_400_000
    /// Connections of a closed share and the in-flight cap of an open one.
    public static let connections = 1...100_000
    /// Segments of an arrival schedule.
    public static let segments = 1...10_000
    /// Requests per second at either end of a segment.
    public static let rate = 0.0...10_000_000.0
    /// Length of a segment or of a report's interval, nanoseconds (one day).
    public static let nanoseconds: ClosedRange<UInt64> = 0...86_400_000_000_000
    /// Agents sharing an open schedule.
    public static let agentCount = 1...100_000
    /// Requests a whole shard may ask for.
    public static let shardRequests = 0...1_000_000_000_000
    /// Any one counter of one report interval (requests, bytes, late, dropped), and a histogram's total count.
    public static let counter = 0...1_000_000_000_000
    /// Instances named in one report entry.
    public static let instances = 0...1024
    /// A monotonic clock reading on the wire (TIME, START, REPORT), nanoseconds: up to 2^62 (146 years of uptime),
    /// so that differences of two readings never overflow.
    public static let timestamp: ClosedRange<UInt64> = 0...(1 << 62)
    /// A LOG line's text (UTF-8 bytes).
    public static let logBytes = 0...2000
    /// A shard's running total of any counter at the coordinator (2^50).
    public static let shardTotal = 1 << 50
}
