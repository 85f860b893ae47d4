/// The work one agent does in one phase: targets, each with the load it receives.
public struct ShardAssignment: Codable, Sendable, Equatable {
    /// Unique within the run.
    public var shardID: String
    /// Fencing token: reports that carry another epoch are refused.
    public var epoch: Int
    /// The targets, referenced by index from reports; each carries its load model.
    public var targets: [ShardTarget]
    /// Per-request timeout.
    public var requestTimeoutMilliseconds: Int
    /// How often to send interval reports.
    public var reportIntervalMilliseconds: Int
    /// The config's `load.engine`; nil (as from an older coordinator) means `auto`.
    public var engine: EngineChoice?

    /// A shard.
    public init(
        shardID: String, epoch: Int, targets: [ShardTarget], requestTimeoutMilliseconds: Int,
        reportIntervalMilliseconds: Int, engine: EngineChoice? = nil
    ) {
        self.shardID = shardID
        self.epoch = epoch
        self.targets = targets
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.reportIntervalMilliseconds = reportIntervalMilliseconds
        self.engine = engine
    }

    /// Requests the shard asks for in all; nil if a target's model does not fix a count (closed for a duration).
    public var totalRequests: Int? {
        var total = 0
        for target in targets {
            guard let count = target.load.requestCount else { return nil }
            total += count
        }
        return total
    }
}

/// A URL under load, the cluster it belongs to and the load it receives from this agent.
public struct ShardTarget: Codable, Sendable, Equatable {
    /// Cluster name, for reports.
    public var cluster: String
    /// The URL every request of this target fetches.
    public var url: String
    /// This agent's part of the cluster's load.
    public var load: ShardLoad

    /// A target.
    public init(cluster: String, url: String, load: ShardLoad) {
        self.cluster = cluster
        self.url = url
        self.load = load
    }
}

/// One flow of a shard.
public struct ShardFlow: Codable, Sendable, Equatable {
    /// `cluster/flow`, for logs.
    public var name: String
    /// Steps in order.
    public var steps: [WireStep]

    /// A flow.
    public init(name: String, steps: [WireStep]) {
        self.name = name
        self.steps = steps
    }

    /// Requests the flow sends in all.
    public var totalRequests: Int { steps.reduce(0) { $0 + ($1.requests ?? 0) } }
}

/// A flow step on the wire: exactly one of the two fields is set.
public struct WireStep: Codable, Sendable, Equatable {
    /// Requests to send one after another.
    public var requests: Int?
    /// A pause.
    public var pauseMilliseconds: Int?

    /// A step of `requests` requests or a pause of `pauseMilliseconds`; exactly one should be set.
    public init(requests: Int? = nil, pauseMilliseconds: Int? = nil) {
        self.requests = requests
        self.pauseMilliseconds = pauseMilliseconds
    }

    /// Decodes a step, refusing one with both or neither field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        requests = try container.decodeIfPresent(Int.self, forKey: .requests)
        pauseMilliseconds = try container.decodeIfPresent(Int.self, forKey: .pauseMilliseconds)
        guard (requests == nil) != (pauseMilliseconds == nil) else {
            throw DecodingError.dataCorruptedError(
                forKey: .requests, in: container, debugDescription: "a step has exactly one of requests, pause")
        }
    }
}

/// The closed model's share of one agent: its connections and its request count or duration.
public struct ShardClosed: Codable, Sendable, Equatable {
    /// Connections this agent opens to the target.
    public var connections: Int
    /// Requests this agent sends in all, or nil when the load is timed.
    public var requests: Int?
    /// How long this agent sends, or nil when the load is counted.
    public var durationMilliseconds: Int?

    /// A closed share: exactly one of `requests` and `durationMilliseconds`.
    public init(connections: Int, requests: Int? = nil, durationMilliseconds: Int? = nil) {
        self.connections = connections
        self.requests = requests
        self.durationMilliseconds = durationMilliseconds
    }

    /// Decodes a share, refusing one with both or neither limit, or no connection.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        connections = try container.decode(Int.self, forKey: .connections)
        requests = try container.decodeIfPresent(Int.self, forKey: .requests)
        durationMilliseconds = try container.decodeIfPresent(Int.self, forKey: .durationMilliseconds)
        guard connections >= 1, (requests == nil) != (durationMilliseconds == nil) else {
            throw DecodingError.dataCorruptedError(
                forKey: .connections, in: container,
                debugDescription: "closed: connections >= 1 and exactly one of requests, durationMilliseconds")
        }
    }
}

/// The open model's share of one agent: the cluster's whole arrival schedule and which arrivals are this agent's.
///
/// Arrivals are dealt in rounds of `agentCount`: this agent sends arrival `i` when `i mod agentCount` is one of its
/// `slots` (by default `[agentIndex]`, the even split `agentIndex`, `agentIndex + agentCount`, ...). A planner that
/// weighs agents by capacity gives an agent of weight w that many slots of each round, so its rate is
/// `R · slots.count / agentCount` and the agents' rates add up to R exactly.
public struct ShardOpen: Codable, Sendable, Equatable {
    /// The cluster's arrival schedule (all agents together).
    public var schedule: ArrivalSchedule
    /// This agent's first slot of each round.
    public var agentIndex: Int
    /// Arrivals per round (the number of agents sharing the schedule, when they share it evenly).
    public var agentCount: Int
    /// Requests this agent may have in flight to the target; an arrival due beyond it is dropped and counted.
    public var maxInFlight: Int
    /// This agent's positions in each round, strictly increasing, the first equal to `agentIndex`; nil for
    /// `[agentIndex]`.
    public var slots: [Int]?
    /// Keep-alive connections to open before the start instant (at most `maxInFlight`; the fast engine only); nil
    /// for none.
    public var connections: Int?

    /// An open share.
    public init(schedule: ArrivalSchedule, agentIndex: Int, agentCount: Int, maxInFlight: Int, connections: Int? = nil) {
        self.schedule = schedule
        self.agentIndex = agentIndex
        self.agentCount = agentCount
        self.maxInFlight = maxInFlight
        self.connections = connections.flatMap { $0 > 0 ? min($0, maxInFlight) : nil }
    }

    /// An open share holding `slots` (strictly increasing, within `0..<roundLength`, not empty) of every round.
    public init(schedule: ArrivalSchedule, slots: [Int], roundLength: Int, maxInFlight: Int, connections: Int? = nil) {
        self.init(
            schedule: schedule, agentIndex: slots.first ?? 0, agentCount: roundLength, maxInFlight: maxInFlight,
            connections: connections)
        self.slots = slots == [agentIndex] ? nil : slots
    }

    /// The connections to open before the start: 0 for none.
    public var warmConnections: Int { connections ?? 0 }

    /// Decodes a share, refusing an agent index outside `0..<agentCount`, a cap below 1, or slots that are not
    /// strictly increasing within the round and led by `agentIndex`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schedule = try container.decode(ArrivalSchedule.self, forKey: .schedule)
        agentIndex = try container.decode(Int.self, forKey: .agentIndex)
        agentCount = try container.decode(Int.self, forKey: .agentCount)
        maxInFlight = try container.decode(Int.self, forKey: .maxInFlight)
        slots = try container.decodeIfPresent([Int].self, forKey: .slots)
        connections = try container.decodeIfPresent(Int.self, forKey: .connections)
        guard agentCount >= 1, (0..<agentCount).contains(agentIndex), maxInFlight >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .agentIndex, in: container,
                debugDescription: "open: 0 <= agentIndex < agentCount and maxInFlight >= 1")
        }
        if let connections, !(1...maxInFlight).contains(connections) {
            throw DecodingError.dataCorruptedError(
                forKey: .connections, in: container, debugDescription: "open: 1 <= connections <= maxInFlight")
        }
        if let slots {
            let increasing = zip(slots, slots.dropFirst()).allSatisfy { $0 < $1 }
            guard slots.first == agentIndex, increasing, let last = slots.last, last < agentCount else {
                throw DecodingError.dataCorruptedError(
                    forKey: .slots, in: container,
                    debugDescription: "open: slots strictly increasing, below agentCount, the first equal to agentIndex")
            }
        }
    }

    /// This agent's positions in each round.
    public var roundSlots: [Int] { slots ?? [agentIndex] }

    /// Arrivals this agent is responsible for (sent or dropped).
    public var arrivalCount: Int {
        let total = schedule.arrivalCount
        let slots = roundSlots
        let tail = total % agentCount
        return total / agentCount * slots.count + slots.prefix { $0 < tail }.count
    }

    /// This agent's first arrival (it may lie past the schedule's end: then there is none).
    public var firstArrival: Int { agentIndex }

    /// This agent's next arrival after its arrival `index`.
    public func arrival(after index: Int) -> Int {
        guard let slots else { return index + agentCount }
        let round = index / agentCount
        let position = index % agentCount
        // The first slot past `position`, by binary search (an agent may hold thousands of slots).
        var low = 0
        var high = slots.count
        while low < high {
            let middle = (low + high) / 2
            if slots[middle] > position { high = middle } else { low = middle + 1 }
        }
        return low < slots.count ? round * agentCount + slots[low] : (round + 1) * agentCount + slots[0]
    }
}
