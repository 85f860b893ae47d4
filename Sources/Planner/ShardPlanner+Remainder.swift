import Wire

/// Re-planning the unfinished part of a shard whose agent was lost after START.
///
/// - flows: each flow keeps what it has not sent. Reports count requests per target, not per flow, so the sent
///   count is spread over the shard's flows as evenly as their lengths allow; a pause is dropped only when requests
///   after it were sent. The remaining flows are dealt whole, by the survivors' capacities.
/// - closed: a count's remainder (`requests - sent`) over the lost part's connections, split like a fresh plan; a
///   duration's remainder (what is left of it) with the same connections.
/// - open: the lost agent's stream (its slots of every round of the schedule, a rate of R · slots / round) from the
///   moment of loss on, re-dealt as a schedule of that rate over the survivors by their capacities, like a fresh
///   plan; its in-flight cap split the same way.
extension ShardPlanner {
    /// What `shard` still had to do once `sent[target]` requests of each target were reported started and
    /// `elapsedNanoseconds` of its run had passed; targets with nothing left are left out.
    public static func remainder(
        of shard: ShardAssignment, sent: [Int: Int], elapsedNanoseconds: UInt64
    ) -> [ShardTarget] {
        shard.targets.enumerated().compactMap { index, target in
            let done = max(0, sent[index] ?? 0)
            let load: ShardLoad?
            switch target.load {
            case .flows(let flows):
                let left = remainingFlows(flows, sent: done)
                load = left.isEmpty ? nil : .flows(left)
            case .closed(let closed):
                let connections = closed.connections
                if let requests = closed.requests {
                    let rest = requests - done
                    load = rest > 0 ? .closed(ShardClosed(connections: connections, requests: rest)) : nil
                } else {
                    let left = (closed.durationMilliseconds ?? 0) - Int(elapsedNanoseconds / 1_000_000)
                    load = left > 0 ? .closed(ShardClosed(connections: connections, durationMilliseconds: left)) : nil
                }
            case .open(let open):
                let share = Double(open.roundSlots.count) / Double(open.agentCount)
                let schedule = open.schedule.suffix(from: elapsedNanoseconds, scaledBy: share)
                load = schedule.arrivalCount > 0
                    ? .open(
                        ShardOpen(
                            schedule: schedule, agentIndex: 0, agentCount: 1, maxInFlight: open.maxInFlight,
                            connections: open.connections))
                    : nil
            }
            return load.map { ShardTarget(cluster: target.cluster, url: target.url, load: $0) }
        }
    }

    /// `targets` (a remainder) split over `agentCount` agents: shards keyed by agent index, with ids
    /// `<prefix>-a<agent>-e<epoch>`; an agent with nothing to do gets no shard.
    public func split(_ targets: [ShardTarget], agentCount: Int, prefix: String, epoch: Int) -> [Int: ShardAssignment] {
        split(targets, capacities: Array(repeating: 1, count: max(1, agentCount)), prefix: prefix, epoch: epoch)
    }

    /// `targets` (a remainder) split over agents of these capacities (cores), like a fresh plan.
    public func split(
        _ targets: [ShardTarget], capacities: [Int], prefix: String, epoch: Int
    ) -> [Int: ShardAssignment] {
        let weights = capacities.isEmpty ? [1] : capacities.map { max(1, $0) }
        var perAgent: [Int: [ShardTarget]] = [:]
        var dealt = Array(repeating: 0, count: weights.count)
        for target in targets {
            for (agent, load) in Self.split(target.load, weights: weights, dealt: &dealt) {
                perAgent[agent, default: []].append(ShardTarget(cluster: target.cluster, url: target.url, load: load))
            }
        }
        return perAgent.reduce(into: [:]) { shards, entry in
            shards[entry.key] = ShardAssignment(
                shardID: "\(prefix)-a\(entry.key + 1)-e\(epoch)", epoch: epoch, targets: entry.value,
                requestTimeoutMilliseconds: Int(load.requestTimeout.wholeMilliseconds),
                reportIntervalMilliseconds: Int(load.reportInterval.wholeMilliseconds), engine: load.engine)
        }
    }

    /// One target's remaining load split over `agents`, in agent order.
    static func split(_ load: ShardLoad, weights: [Int], dealt: inout [Int]) -> [(Int, ShardLoad)] {
        let agents = weights.count
        switch load {
        case .flows(let flows):
            var parts: [Int: [ShardFlow]] = [:]
            for flow in flows {
                let agent = nextAgent(dealt: dealt, weights: weights)
                parts[agent, default: []].append(flow)
                dealt[agent] += 1
            }
            return parts.sorted { $0.key < $1.key }.map { ($0.key, .flows($0.value)) }
        case .closed(let closed):
            let connections = capacitySplit(closed.connections, weights: weights)
            let requests = closed.requests.map { Apportion.proportional($0, weights: connections) }
            return (0..<agents).compactMap { agent in
                guard connections[agent] > 0, requests.map({ $0[agent] > 0 }) ?? true else { return nil }
                let part = ShardClosed(
                    connections: connections[agent], requests: requests?[agent],
                    durationMilliseconds: closed.durationMilliseconds)
                return (agent, .closed(part))
            }
        case .open(let open):
            return openShares(
                open.schedule, maxInFlight: open.maxInFlight, connections: open.warmConnections, weights: weights)
        }
    }

    /// The flows with `sent` requests taken off, spread as evenly as the flows' lengths allow; emptied flows go.
    static func remainingFlows(_ flows: [ShardFlow], sent: Int) -> [ShardFlow] {
        let capacity = flows.map(\.totalRequests)
        var taken = Array(repeating: 0, count: flows.count)
        var left = min(sent, capacity.reduce(0, +))
        let order = flows.indices.sorted { capacity[$0] < capacity[$1] }
        for (position, index) in order.enumerated() {
            taken[index] = min(capacity[index], left / (flows.count - position))
            left -= taken[index]
        }
        while left > 0 {
            for index in flows.indices where left > 0 && taken[index] < capacity[index] {
                taken[index] += 1
                left -= 1
            }
        }
        return flows.indices.compactMap { index in
            let steps = remainingSteps(flows[index].steps, skipping: taken[index])
            return steps.contains { ($0.requests ?? 0) > 0 } ? ShardFlow(name: flows[index].name, steps: steps) : nil
        }
    }

    /// A flow's steps once its first `count` requests were sent: a pause goes only when requests after it were sent.
    static func remainingSteps(_ steps: [WireStep], skipping count: Int) -> [WireStep] {
        var skip = count
        var result: [WireStep] = []
        for step in steps {
            if let requests = step.requests {
                if skip >= requests {
                    skip -= requests
                } else {
                    result.append(WireStep(requests: requests - skip))
                    skip = 0
                }
            } else if skip == 0 {
                result.append(step)
            }
        }
        return result
    }
}
