import Report
import Wire

/// One start instant for a phase: the coordinator picks an instant far enough ahead for START to reach every
/// agent, sends each agent that instant in its own clock (its estimated offset added), and measures from the
/// agents' first reports when each actually began.
extension RunSession {
    /// How far ahead of now the start instant lies: 200 ms for the agents' socket threads to turn, plus four of the
    /// slowest best round trip among `agents` (a heartbeat interval for an agent without a clock sample), at most 5 s.
    func startLead(_ hub: AgentHub, agents: [Int]) -> UInt64 {
        let unknown = UInt64(experiment.agents.heartbeatInterval.wholeNanoseconds)
        let slowest = agents.map { agent in
            hub.agents[agent].clock.offset.best.map { UInt64(max(0, $0.delay)) } ?? unknown
        }.max() ?? 0
        return min(5_000_000_000, 200_000_000 + 4 * slowest)
    }

    /// START for a shard whose instant is chosen: that instant in its agent's clock; 0 (at once) for an agent whose
    /// clock was never measured (every probe lost), since our instant means nothing in its clock then.
    func startOrder(_ shard: ShardProgress, hub: AgentHub) -> StartOrder {
        let clock = hub.agents[shard.agent].clock.offset
        let instant = clock.best == nil ? 0 : clock.agentTime(shard.startAt ?? MonotonicClock.now())
        return StartOrder(shardID: shard.shard.shardID, epoch: shard.shard.epoch, startAtNanoseconds: instant)
    }
}

/// Every shard's chosen start instant and, once its first report arrives, when it actually began (both in the
/// coordinator's clock), for the report's start skew.
struct StartLedger {
    struct Entry {
        var phase: Int
        var agent: Int
        var shardID: String
        var instant: UInt64
        /// Started with the phase (not a re-planned shard, which begins later on purpose).
        var initial: Bool
        var actual: UInt64?
    }

    private(set) var entries: [Entry] = []

    /// Records a shard's chosen instant.
    mutating func planned(_ shard: ShardProgress, phase: Int, initial: Bool) {
        guard let instant = shard.startAt else { return }
        entries.append(
            Entry(phase: phase, agent: shard.agent, shardID: shard.shard.shardID, instant: instant, initial: initial))
    }

    /// Records when a shard actually began (its agent's reading, corrected by the agent's offset).
    mutating func began(_ shardID: String, at actual: UInt64) {
        if let index = entries.firstIndex(where: { $0.shardID == shardID && $0.actual == nil }) {
            entries[index].actual = actual
        }
    }

    /// Per phase: how many shards began with it, the spread of their corrected actual starts, and how long after the
    /// chosen instant the last of them began.
    var phaseStarts: [PhaseStart] {
        Dictionary(grouping: entries.filter { $0.initial && $0.actual != nil }, by: \.phase).sorted { $0.key < $1.key }
            .map { phase, entries in
                let actual = entries.compactMap(\.actual)
                return PhaseStart(
                    phase: phase, agents: entries.count,
                    lastAfterInstantMilliseconds: Self.milliseconds(Int64(actual.max()!) - Int64(entries[0].instant)),
                    skewMilliseconds: Self.milliseconds(Int64(actual.max()!) - Int64(actual.min()!)))
            }
    }

    /// For one agent, its shards' corrected actual start less the chosen instant, the largest in size over the
    /// phases it began with; nil if it began none.
    func deviation(agent: Int) -> Double? {
        let deviations = entries.filter { $0.agent == agent && $0.initial }.compactMap { entry in
            entry.actual.map { Int64($0) - Int64(entry.instant) }
        }
        return deviations.max { abs($0) < abs($1) }.map(Self.milliseconds)
    }

    static func milliseconds(_ nanoseconds: Int64) -> Double {
        (Double(nanoseconds) / 1e3).rounded() / 1e3
    }
}
