import BenchConfig
import Wire

/// Splits an experiment's load into phases and per-agent shards.
///
/// Agents are weighed by their capacity (the cores each reported; equal capacities give the even split below).
///
/// - flows: a flow is one request at a time, so it cannot be split without changing what it measures; the flows of
///   a phase are dealt to agents whole, round robin (by capacity: the next flow goes to the agent with the fewest
///   flows for its cores).
/// - closed: a cluster's connections are split as evenly as possible (agent k of N gets `C / N`, one more while
///   `k < C mod N`; by capacity: one each, the rest in proportion to cores); a request count is split in proportion
///   to each agent's connections (largest remainder), so the total is exact.
/// - open: every agent gets the cluster's whole schedule and its slots of each round of arrivals (`openSlots`): as
///   many as its capacity, at least one, so the merged arrivals stay evenly spaced and the rates add up to R exactly
///   (equal capacities: agent k sends arrivals `k, k + N, ...`, a rate of R / N); `maxInFlight` is split like
///   connections, at least 1 per agent.
///
/// An agent left with nothing to do for a cluster gets no target for it, and no shard if it has no target at all.
public struct ShardPlanner: Sendable {
    /// One phase: the clusters loaded together and each agent's shard.
    public struct Phase: Sendable, Equatable {
        /// Clusters this phase loads.
        public var clusters: [String]
        /// Shards keyed by agent index (0-based, in agent join order).
        public var shards: [Int: ShardAssignment]
        /// The endpoints of `clusters`, so that the phase can be planned again over other agents.
        public var endpoints: [Endpoint] = []

        /// Requests the phase asks for, per cluster whose model fixes a count (not closed for a duration).
        public var requestsPerCluster: [String: Int] {
            var totals: [String: Int] = [:]
            var unbounded: Set<String> = []
            for shard in shards.values {
                for target in shard.targets {
                    if let count = target.load.requestCount {
                        totals[target.cluster, default: 0] += count
                    } else {
                        unbounded.insert(target.cluster)
                    }
                }
            }
            for cluster in unbounded { totals[cluster] = nil }
            return totals
        }
    }

    /// A cluster's load-balancer URL, the planner's input.
    public struct Endpoint: Sendable, Equatable {
        /// Cluster name.
        public var cluster: String
        /// The URL requests for this cluster fetch.
        public var url: String

        /// An endpoint.
        public init(cluster: String, url: String) {
            self.cluster = cluster
            self.url = url
        }
    }

    /// The load section: schedule, timeouts and the default workload.
    public var load: LoadConfig
    /// Workloads of clusters that override the load section's, by cluster name.
    public var overrides: [String: Workload]

    /// A planner for this load section and these per-cluster overrides.
    public init(load: LoadConfig, overrides: [String: Workload] = [:]) {
        self.load = load
        self.overrides = overrides
    }

    /// A planner for an experiment, with its clusters' overrides.
    public init(experiment: ExperimentConfig) {
        var overrides: [String: Workload] = [:]
        for cluster in experiment.clusters { overrides[cluster.name] = cluster.load }
        self.init(load: experiment.load, overrides: overrides)
    }

    /// Plans every phase. `targets` gives each cluster's URL, in config order.
    /// - Parameters:
    ///   - epoch: fencing token stamped on every shard.
    ///   - agentCount: agents available, at least 1.
    public func plan(targets: [Endpoint], agentCount: Int, epoch: Int = 1) -> [Phase] {
        plan(targets: targets, capacities: Array(repeating: 1, count: max(1, agentCount)), epoch: epoch)
    }

    /// Plans every phase over agents of these capacities (the cores each reported), in agent order.
    public func plan(targets: [Endpoint], capacities: [Int], epoch: Int = 1) -> [Phase] {
        let groups: [[Endpoint]] =
            switch load.schedule {
            case .sequential: targets.map { [$0] }
            case .parallel: [targets]
            }
        return groups.enumerated().map { index, group in
            phase(number: index + 1, targets: group, capacities: capacities, epoch: epoch)
        }
    }

    /// Plans one phase: `targets` loaded together over `agentCount` agents, every shard stamped with `epoch`.
    /// Shard ids are `p<phase>-a<agent>`, with `-e<epoch>` appended past epoch 1 so that a re-planned shard never
    /// shares an id with the one it replaces.
    public func phase(number: Int, targets: [Endpoint], agentCount: Int, epoch: Int) -> Phase {
        let equal = Array(repeating: 1, count: max(1, agentCount))
        return phase(number: number, targets: targets, capacities: equal, epoch: epoch)
    }

    /// Plans one phase over agents of these capacities (cores, at least 1 each, in agent order): flows are dealt so
    /// that each agent's count follows its capacity, connections and in-flight caps are split in proportion to it
    /// (at least one each while there are enough), a request count in proportion to the connections. Equal
    /// capacities give the even split.
    public func phase(number: Int, targets: [Endpoint], capacities: [Int], epoch: Int) -> Phase {
        let weights = capacities.isEmpty ? [1] : capacities.map { max(1, $0) }
        var perAgent: [Int: [ShardTarget]] = [:]
        var dealt = Array(repeating: 0, count: weights.count)
        for endpoint in targets {
            let workload = overrides[endpoint.cluster] ?? load.workload
            for (agent, part) in split(workload, cluster: endpoint.cluster, weights: weights, dealt: &dealt) {
                perAgent[agent, default: []].append(ShardTarget(cluster: endpoint.cluster, url: endpoint.url, load: part))
            }
        }
        var shards: [Int: ShardAssignment] = [:]
        for (agent, targets) in perAgent {
            shards[agent] = ShardAssignment(
                shardID: "p\(number)-a\(agent + 1)" + (epoch > 1 ? "-e\(epoch)" : ""), epoch: epoch, targets: targets,
                requestTimeoutMilliseconds: Int(load.requestTimeout.wholeMilliseconds),
                reportIntervalMilliseconds: Int(load.reportInterval.wholeMilliseconds), engine: load.engine)
        }
        return Phase(clusters: targets.map(\.cluster), shards: shards, endpoints: targets)
    }

    /// Each agent's part of one cluster's workload, in agent order; agents with nothing to do are left out.
    private func split(
        _ workload: Workload, cluster: String, weights: [Int], dealt: inout [Int]
    ) -> [(Int, ShardLoad)] {
        let agents = weights.count
        switch workload {
        case .flows(let flows):
            var parts: [Int: [ShardFlow]] = [:]
            for flow in flows {
                let agent = Self.nextAgent(dealt: dealt, weights: weights)
                parts[agent, default: []].append(
                    ShardFlow(name: "\(cluster)/\(flow.name)", steps: flow.steps.map(WireStep.init)))
                dealt[agent] += 1
            }
            return parts.sorted { $0.key < $1.key }.map { ($0.key, .flows($0.value)) }
        case .closed(let closed):
            let connections = Self.capacitySplit(closed.connections, weights: weights)
            let requests: [Int]? =
                if case .requests(let count) = closed.limit {
                    Apportion.proportional(count, weights: connections)
                } else { nil }
            let milliseconds: Int? =
                if case .duration(let duration) = closed.limit { Int(duration.wholeMilliseconds) } else { nil }
            return (0..<agents).compactMap { agent in
                guard connections[agent] > 0, requests.map({ $0[agent] > 0 }) ?? true else { return nil }
                return (
                    agent,
                    .closed(
                        ShardClosed(
                            connections: connections[agent], requests: requests?[agent],
                            durationMilliseconds: milliseconds))
                )
            }
        case .open(let open):
            return Self.openShares(
                open.schedule, maxInFlight: open.maxInFlight, connections: open.connections, weights: weights)
        }
    }

    /// The agent the next flow goes to: the one with the fewest flows for its capacity (earlier agents win ties), so
    /// equal capacities deal round robin.
    static func nextAgent(dealt: [Int], weights: [Int]) -> Int {
        weights.indices.min { dealt[$0] * weights[$1] < dealt[$1] * weights[$0] } ?? 0
    }

    /// `total` split in proportion to `weights`, exact, with at least 1 per part while `total` is at least the number
    /// of parts; equal weights give `Apportion.even`.
    static func capacitySplit(_ total: Int, weights: [Int]) -> [Int] {
        guard total >= weights.count else { return Apportion.proportional(total, weights: weights) }
        return Apportion.proportional(total - weights.count, weights: weights).map { $0 + 1 }
    }
}
