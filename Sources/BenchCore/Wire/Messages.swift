/// The ClusterBench wire protocol between the coordinator (ZeroMQ ROUTER) and its agents (DEALER).
///
/// Every message is multipart: frame 0 is the message type in ASCII, frame 1 a JSON payload, and reports carry
/// one more binary frame per target holding its latency histogram (`HistogramCodec`). Decoding is strict: an
/// unknown type, a missing frame or a payload that does not decode is a `WireError`.
public enum WireProtocol {
    /// Bumped on any incompatible change; a HELLO with another version is refused with a clear REJECT.
    public static let version = 1
    /// The largest message either side accepts (ZMQ_MAXMSGSIZE).
    public static let maximumMessageBytes: Int64 = 16 << 20
}

/// The kinds of message.
public enum MessageType: String, Sendable, CaseIterable {
    /// agent -> coordinator: who I am and which protocol I speak.
    case hello = "HELLO"
    /// coordinator -> agent: accepted, with the heartbeat settings to use.
    case welcome = "WELCOME"
    /// coordinator -> agent: refused (protocol mismatch); the agent exits with the reason.
    case reject = "REJECT"
    /// both ways: liveness.
    case heartbeat = "HEARTBEAT"
    /// coordinator -> agent: the work to prepare.
    case shard = "SHARD"
    /// agent -> coordinator: the shard is prepared.
    case ready = "READY"
    /// coordinator -> agent: start the prepared shard now.
    case start = "START"
    /// agent -> coordinator: interval or final results of a shard.
    case report = "REPORT"
    /// coordinator -> agent: abort the running shard and send its final report.
    case stop = "STOP"
    /// coordinator -> agent: exit.
    case shutdown = "SHUTDOWN"
}

/// HELLO payload.
public struct Hello: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var agentVersion: String
    public var name: String
    public var host: String
    public var cores: Int
    public var pid: Int

    public init(protocolVersion: Int, agentVersion: String, name: String, host: String, cores: Int, pid: Int) {
        self.protocolVersion = protocolVersion
        self.agentVersion = agentVersion
        self.name = name
        self.host = host
        self.cores = cores
        self.pid = pid
    }
}

/// WELCOME payload.
public struct Welcome: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var heartbeatIntervalMilliseconds: Int
    public var heartbeatLiveness: Int

    public init(protocolVersion: Int, heartbeatIntervalMilliseconds: Int, heartbeatLiveness: Int) {
        self.protocolVersion = protocolVersion
        self.heartbeatIntervalMilliseconds = heartbeatIntervalMilliseconds
        self.heartbeatLiveness = heartbeatLiveness
    }
}

/// REJECT payload.
public struct Reject: Codable, Sendable, Equatable {
    public var reason: String

    public init(reason: String) { self.reason = reason }
}

/// The work one agent does in one phase: flows against targets.
public struct ShardAssignment: Codable, Sendable, Equatable {
    /// Unique within the run.
    public var shardID: String
    /// Fencing token: reports that carry another epoch are refused.
    public var epoch: Int
    /// The targets, referenced by index from flows and from reports.
    public var targets: [ShardTarget]
    /// Flows to run side by side, each one request at a time.
    public var flows: [ShardFlow]
    /// Per-request timeout.
    public var requestTimeoutMilliseconds: Int
    /// How often to send interval reports.
    public var reportIntervalMilliseconds: Int

    public init(
        shardID: String, epoch: Int, targets: [ShardTarget], flows: [ShardFlow], requestTimeoutMilliseconds: Int,
        reportIntervalMilliseconds: Int
    ) {
        self.shardID = shardID
        self.epoch = epoch
        self.targets = targets
        self.flows = flows
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.reportIntervalMilliseconds = reportIntervalMilliseconds
    }

    /// Requests the shard asks for in all.
    public var totalRequests: Int { flows.reduce(0) { $0 + $1.totalRequests } }
}

/// A URL under load and the cluster it belongs to.
public struct ShardTarget: Codable, Sendable, Equatable {
    public var cluster: String
    public var url: String

    public init(cluster: String, url: String) {
        self.cluster = cluster
        self.url = url
    }
}

/// One flow of a shard.
public struct ShardFlow: Codable, Sendable, Equatable {
    /// `cluster/flow`, for logs.
    public var name: String
    /// Index into the shard's targets.
    public var target: Int
    /// Steps in order.
    public var steps: [WireStep]

    public init(name: String, target: Int, steps: [WireStep]) {
        self.name = name
        self.target = target
        self.steps = steps
    }

    /// Requests the flow sends in all.
    public var totalRequests: Int { steps.reduce(0) { $0 + ($1.requests ?? 0) } }
}

/// A flow step on the wire: exactly one of the two fields is set.
public struct WireStep: Codable, Sendable, Equatable {
    public var requests: Int?
    public var pauseMilliseconds: Int?

    public init(_ step: FlowStep) {
        switch step {
        case .requests(let count): requests = count
        case .pause(let duration): pauseMilliseconds = Int(duration.wholeMilliseconds)
        }
    }
}

/// START payload.
public struct StartShard: Codable, Sendable, Equatable {
    public var shardID: String
    public var epoch: Int

    public init(shardID: String, epoch: Int) {
        self.shardID = shardID
        self.epoch = epoch
    }
}

/// READY and STOP payloads.
public struct ShardRef: Codable, Sendable, Equatable {
    public var shardID: String
    public var epoch: Int

    public init(shardID: String, epoch: Int) {
        self.shardID = shardID
        self.epoch = epoch
    }
}

/// REPORT payload (frame 1); frames 2... hold one histogram per entry of `targets`, in order.
public struct ReportHeader: Codable, Sendable, Equatable {
    public var shardID: String
    public var epoch: Int
    /// 0, 1, 2... per shard; the coordinator checks that none is missing or repeated.
    public var sequence: Int
    /// The last report of the shard: every request it sent has been accounted for.
    public var final: Bool
    /// Length of the interval the report covers, in nanoseconds of the agent's monotonic clock.
    public var intervalNanoseconds: UInt64
    /// Counters of the interval, one per shard target that saw activity.
    public var targets: [TargetCounters]

    public init(
        shardID: String, epoch: Int, sequence: Int, final: Bool, intervalNanoseconds: UInt64,
        targets: [TargetCounters]
    ) {
        self.shardID = shardID
        self.epoch = epoch
        self.sequence = sequence
        self.final = final
        self.intervalNanoseconds = intervalNanoseconds
        self.targets = targets
    }
}

/// What one target saw in one interval. All counts are deltas over the interval, so they add up.
public struct TargetCounters: Codable, Sendable, Equatable {
    /// Index into the shard's targets.
    public var target: Int
    /// Requests started.
    public var sent: Int
    /// Responses by status class: "2xx", "3xx", "4xx", "5xx".
    public var statusClasses: [String: Int]
    /// Transport failures by kind: "connect", "timeout", "reset", "tls", "other".
    public var errors: [String: Int]
    /// Response body bytes received.
    public var bytes: Int
    /// Responses per serving instance, from the `X-Instance-Id` response header.
    public var instances: [String: Int]

    public init(
        target: Int, sent: Int = 0, statusClasses: [String: Int] = [:], errors: [String: Int] = [:], bytes: Int = 0,
        instances: [String: Int] = [:]
    ) {
        self.target = target
        self.sent = sent
        self.statusClasses = statusClasses
        self.errors = errors
        self.bytes = bytes
        self.instances = instances
    }

    /// HTTP responses received, whatever their status.
    public var responses: Int { statusClasses.values.reduce(0, +) }
    /// Requests that ended with a transport error.
    public var transportErrors: Int { errors.values.reduce(0, +) }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole nanoseconds, rounded down.
    public var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
