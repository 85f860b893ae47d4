import Foundation
import Planner
import Wire

/// What an agent lost after START left behind, for the report: the window in which its work went unreported,
/// the requests it started that no report ever ended, and what was handed to the others.
struct LostWork {
    /// The phase it was lost in.
    var phase: Int
    /// Seconds since the load started: its last accepted report (or its shard's assignment), and its loss.
    var window: (start: Double, end: Double)
    /// Requests it reported started but never reported ended, by cluster.
    var sentUnreported: [String: Int] = [:]
    /// Requests re-planned onto the other agents, by cluster (a timed closed load counts none).
    var replanned: [String: Int] = [:]
}

extension RunSession {
    /// Closes the unfinished shards of `agent` (lost, or failed), keeps what it reported, and re-plans what they
    /// still had to do over the live agents under the next epoch; returns the new shards (already sent). Throws
    /// when no agent is left.
    func replanLost(
        _ agent: Int, shards: inout [ShardProgress], epoch: inout Int, number: Int, hub: AgentHub
    ) throws -> [ShardProgress] {
        let open = shards.indices.filter { shards[$0].agent == agent && !shards[$0].finished }
        guard !open.isEmpty else { return [] }
        let now = MonotonicClock.now()
        var remainder: [ShardTarget] = []
        var windowStart = now
        var work = LostWork(phase: number, window: (0, secondsIntoLoad(now)))
        for index in open {
            shards[index].finished = true
            shards[index].lost = true
            let shard = shards[index]
            let begun = shard.startAt ?? now
            let elapsed = shard.started && now > begun ? now - begun : 0
            remainder += ShardPlanner.remainder(
                of: shard.shard, sent: shard.started ? shard.sentPerTarget : [:], elapsedNanoseconds: elapsed)
            for (target, count) in shard.unreportedPerTarget where count > 0 {
                work.sentUnreported[shard.shard.targets[target].cluster, default: 0] += count
            }
            windowStart = min(windowStart, shard.lastAccepted)
        }
        work.window.start = secondsIntoLoad(windowStart)
        for target in remainder { work.replanned[target.cluster, default: 0] += target.load.requestCount ?? 0 }
        hub.recordLostWork(agent, work)
        let name = hub.agents[agent].hello.name
        let unreported = work.sentUnreported.values.reduce(0, +)
        let live = hub.liveAgents
        guard !live.isEmpty else { throw RunError(noAgentLeft(hub)) }
        guard !remainder.isEmpty else {
            Console.progress("  agent \(name) lost during phase \(number) (\(hub.agents[agent].lostReason ?? "lost")); "
                + "\(unreported) requests sent but never reported; nothing left to re-plan")
            return []
        }
        epoch += 1
        let planned = ShardPlanner(experiment: experiment).split(
            remainder, capacities: capacities(hub), prefix: "p\(number)-rest", epoch: epoch)
        var added: [ShardProgress] = []
        for (index, shard) in planned.sorted(by: { $0.key < $1.key }) {
            var progress = ShardProgress(shard: shard, agent: live[index])
            hub.send(.shard(shard), to: progress.agent)
            progress.lastSent = now
            added.append(progress)
        }
        shards += added
        let requests = work.replanned.values.reduce(0, +)
        Console.progress("  agent \(name) lost during phase \(number) (\(hub.agents[agent].lostReason ?? "lost")); "
            + "\(unreported) requests sent but never reported; re-planned \(requests) requests over \(added.count) "
            + "agents (epoch \(epoch))")
        return added
    }

    /// Seconds from the start of the load to `instant`.
    func secondsIntoLoad(_ instant: UInt64) -> Double {
        Double(instant &- loadStart) / 1e9
    }
}
