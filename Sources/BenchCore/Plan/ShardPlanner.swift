/// Splits an experiment's load into phases and per-agent shards.
///
/// A flow is the unit of work: it is one request at a time, so it cannot be split across agents without
/// changing what it measures. Flows of a phase are dealt to agents round robin; an agent left without a flow
/// gets no shard in that phase.
public struct ShardPlanner: Sendable {
    /// One phase: the clusters loaded together and each agent's shard.
    public struct Phase: Sendable, Equatable {
        /// Clusters this phase loads.
        public var clusters: [String]
        /// Shards keyed by agent index (0-based, in agent join order).
        public var shards: [Int: ShardAssignment]

        /// Requests the phase asks for, per cluster.
        public var requestsPerCluster: [String: Int] {
            var totals: [String: Int] = [:]
            for shard in shards.values {
                for flow in shard.flows { totals[shard.targets[flow.target].cluster, default: 0] += flow.totalRequests }
            }
            return totals
        }
    }

    public var load: LoadConfig

    public init(load: LoadConfig) { self.load = load }

    /// Plans every phase. `targets` gives each cluster's URL, in config order.
    /// - Parameters:
    ///   - epoch: fencing token stamped on every shard.
    ///   - agentCount: agents available, at least 1.
    public func plan(targets: [ShardTarget], agentCount: Int, epoch: Int = 1) -> [Phase] {
        let groups: [[ShardTarget]] =
            switch load.schedule {
            case .sequential: targets.map { [$0] }
            case .parallel: [targets]
            }
        return groups.enumerated().map { index, group in
            phase(number: index + 1, targets: group, agentCount: max(1, agentCount), epoch: epoch)
        }
    }

    private func phase(number: Int, targets: [ShardTarget], agentCount: Int, epoch: Int) -> Phase {
        var perAgent: [Int: (targets: [ShardTarget], flows: [ShardFlow])] = [:]
        var dealt = 0
        for target in targets {
            guard case .flows(let flows) = load.workload else { continue }
            for flow in flows {
                let agent = dealt % agentCount
                dealt += 1
                var entry = perAgent[agent] ?? ([], [])
                let targetIndex: Int
                if let existing = entry.targets.firstIndex(of: target) {
                    targetIndex = existing
                } else {
                    entry.targets.append(target)
                    targetIndex = entry.targets.count - 1
                }
                entry.flows.append(
                    ShardFlow(name: "\(target.cluster)/\(flow.name)", target: targetIndex,
                              steps: flow.steps.map(WireStep.init)))
                perAgent[agent] = entry
            }
        }
        var shards: [Int: ShardAssignment] = [:]
        for (agent, entry) in perAgent {
            shards[agent] = ShardAssignment(
                shardID: "p\(number)-a\(agent + 1)", epoch: epoch, targets: entry.targets, flows: entry.flows,
                requestTimeoutMilliseconds: Int(load.requestTimeout.wholeMilliseconds),
                reportIntervalMilliseconds: Int(load.reportInterval.wholeMilliseconds))
        }
        return Phase(clusters: targets.map(\.cluster), shards: shards)
    }
}
