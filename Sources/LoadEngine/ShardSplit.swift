import Wire

/// One engine thread's part of a shard: a sub-shard of the targets it has a share of, and where each came from.
public struct ShardPart: Sendable, Equatable {
    /// The thread's sub-shard: the shard's id, epoch, timeouts and engine, with only the targets this thread has a
    /// share of, each carrying that share.
    public var shard: ShardAssignment
    /// `targetMap[i]` is the index in the whole shard of the sub-shard's target `i`: reports are mapped back by it.
    public var targetMap: [Int]

    /// A part: `shard`, whose target `i` is target `targetMap[i]` of the whole shard.
    public init(shard: ShardAssignment, targetMap: [Int]) {
        self.shard = shard
        self.targetMap = targetMap
    }
}

/// Splits a shard over an agent's engine threads, so that the threads together send exactly what the shard asks.
///
/// Each target is cut into as many parts as it can use, at most the thread count (`capacity`), by the rules the
/// coordinator uses over agents (`Apportion`):
///
/// - closed: connections dealt over the parts (part `i` of `k` gets connections `c` with `c mod k == i`), a request
///   count split in proportion to each part's connections (exact), a duration unchanged;
/// - flows: dealt round robin, whole;
/// - open: the agent's arrivals dealt round robin (its `j`-th arrival to part `j mod k`), each part a `ShardOpen`
///   over a round `k` times as long, so each part sends at `1/k` of the agent's rate and the parts partition its
///   arrivals exactly; the in-flight cap split as evenly as possible, at least 1 per part.
///
/// The parts of successive targets are dealt to the threads one after another, continuing where the last target
/// stopped, so that targets too small to be split still spread over the threads. A thread with no share of a
/// target does not see it. The number of threads is the smaller of those asked for and the parts there are.
public enum ShardSplit {
    /// The parts of `shard` over at most `threads` threads (at least one part; exactly one, the shard itself, when
    /// it cannot be split or one thread is asked for).
    public static func parts(of shard: ShardAssignment, threads: Int) -> [ShardPart] {
        let asked = max(1, threads)
        let capacities = shard.targets.map { capacity(of: $0.load) }
        let used = min(asked, capacities.reduce(0) { $0 + min(asked, $1) })
        guard used > 1 else { return [ShardPart(shard: shard, targetMap: Array(shard.targets.indices))] }

        var targets = Array(repeating: [ShardTarget](), count: used)
        var maps = Array(repeating: [Int](), count: used)
        var thread = 0
        for (index, target) in shard.targets.enumerated() where capacities[index] > 0 {
            for load in split(target.load, into: min(used, capacities[index])) {
                targets[thread].append(ShardTarget(cluster: target.cluster, url: target.url, load: load))
                maps[thread].append(index)
                thread = (thread + 1) % used
            }
        }
        return (0..<used).map { thread in
            var part = shard
            part.targets = targets[thread]
            return ShardPart(shard: part, targetMap: maps[thread])
        }
    }

    /// The most parts `load` can be cut into without a part that has nothing to do: its connections (no more than
    /// its request count), its flows, or its in-flight cap (no more than its arrivals).
    public static func capacity(of load: ShardLoad) -> Int {
        switch load {
        case .closed(let closed): max(0, min(closed.connections, closed.requests ?? .max))
        case .flows(let flows): flows.count
        case .open(let open): max(0, min(open.maxInFlight, open.arrivalCount))
        }
    }

    /// `load` cut into `count` parts (1 ... `capacity(of: load)`), in part order.
    static func split(_ load: ShardLoad, into count: Int) -> [ShardLoad] {
        guard count > 1 else { return [load] }
        switch load {
        case .closed(let closed):
            let connections = Apportion.even(closed.connections, into: count)
            let requests = closed.requests.map { Apportion.proportional($0, weights: connections) }
            return connections.indices.map { part in
                .closed(
                    ShardClosed(
                        connections: connections[part], requests: requests?[part],
                        durationMilliseconds: closed.durationMilliseconds))
            }
        case .flows(let flows):
            return (0..<count).map { part in .flows(stride(from: part, to: flows.count, by: count).map { flows[$0] }) }
        case .open(let open):
            return split(open, into: count).map { .open($0) }
        }
    }

    /// An open share cut into `count` parts that take the agent's arrivals in turn: over a round of
    /// `agentCount × count` arrivals the agent holds `count` times its slots, and part `i` takes every `count`-th of
    /// them from the `i`-th on.
    static func split(_ open: ShardOpen, into count: Int) -> [ShardOpen] {
        let round = open.agentCount
        let slots = open.roundSlots
        let positions = (0..<count).flatMap { lap in slots.map { lap * round + $0 } }
        let caps = Apportion.even(open.maxInFlight, into: count)
        let connections = Apportion.even(open.warmConnections, into: count)
        return (0..<count).map { part in
            ShardOpen(
                schedule: open.schedule, slots: stride(from: part, to: positions.count, by: count).map { positions[$0] },
                roundLength: round * count, maxInFlight: caps[part], connections: connections[part])
        }
    }
}
