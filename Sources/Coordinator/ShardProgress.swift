import Wire

/// One shard of the running phase as the coordinator tracks it: which agent has it, how far the handshake got
/// (SHARD → READY, START → STARTED), the next report it expects, and running totals that keep every tally far from
/// overflowing whatever an agent claims.
struct ShardProgress {
    /// What the coordinator decided about one REPORT.
    enum Verdict: Equatable {
        /// The next report: count it.
        case accept
        /// Already counted (a resend after a lost ACK): acknowledge again, count nothing.
        case duplicate
        /// Past a missing one: drop it; the agent sends the missing one again.
        case ahead
        /// Values that cannot be right for this shard.
        case outOfRange(String)
    }

    let shard: ShardAssignment
    let agent: Int
    var ready = false
    var started = false
    var finished = false
    /// Its agent was lost before the final report: the shard is closed and its remainder went to other agents.
    var lost = false
    /// The instant the shard begins (coordinator clock), chosen when START first went out: its run counts from then.
    var startAt: UInt64?
    /// When its last report was accepted (or it was assigned), for the window a lost agent leaves unreported.
    var lastAccepted: UInt64 = MonotonicClock.now()
    /// The first sequence number not yet accepted.
    var nextSequence = 0
    /// When SHARD, START or STOP last went to the agent (they are sent again until answered).
    var lastSent: UInt64 = 0
    /// Running totals of every counter this shard reported, each kept below `WireLimits.shardTotal`.
    private(set) var totals: [Int: [Int]] = [:]

    init(shard: ShardAssignment, agent: Int) {
        self.shard = shard
        self.agent = agent
    }

    var ref: ShardRef { ShardRef(shardID: shard.shardID, epoch: shard.epoch) }

    /// Requests the accepted reports say were started, over every target.
    var reportedSent: Int { totals.values.reduce(0) { $0 + $1[0] } }
    /// Requests the accepted reports say ended (a response or a transport error).
    var reportedEnded: Int { totals.values.reduce(0) { $0 + $1[1] } }
    /// Requests the accepted reports say were started, by target index.
    var sentPerTarget: [Int: Int] { totals.mapValues { $0[0] } }
    /// Requests started but never reported ended, by target index.
    var unreportedPerTarget: [Int: Int] { totals.mapValues { $0[0] - $0[1] } }

    /// Decides about a report of this shard and epoch; on `.accept`, the totals include it.
    mutating func judge(_ report: ReceivedReport) -> Verdict {
        let header = report.header
        if header.sequence < nextSequence { return .duplicate }
        if header.sequence > nextSequence { return .ahead }
        var updated = totals
        for (entry, pair) in zip(header.targets, report.histograms) {
            guard shard.targets.indices.contains(entry.target) else {
                return .outOfRange("REPORT target \(entry.target) of a shard with \(shard.targets.count) targets")
            }
            let values = [
                entry.sent, entry.responses + entry.transportErrors, entry.bytes, entry.late, entry.dropped,
                Int(pair.latency.totalCount), Int(pair.service.totalCount),
            ]
            var sums = updated[entry.target] ?? Array(repeating: 0, count: values.count)
            for index in values.indices {
                sums[index] += values[index]
                guard sums[index] < WireLimits.shardTotal else {
                    return .outOfRange("shard \(shard.shardID) totals past 2^50")
                }
            }
            updated[entry.target] = sums
        }
        totals = updated
        lastAccepted = MonotonicClock.now()
        nextSequence += 1
        if header.final { finished = true }
        return .accept
    }
}
