import HdrCodec

/// The ClusterBench wire protocol between the coordinator (ZeroMQ ROUTER) and its agents (DEALER).
///
/// Every message is multipart: frame 0 is the message type in ASCII, frame 1 a JSON payload, and reports carry
/// two more binary frames per target (`HistogramCodec`): its latency histogram, then its service-time histogram. Decoding is strict: an
/// unknown type, a missing frame or a payload that does not decode is a `WireError`.
public enum WireProtocol {
    /// Bumped on any incompatible change; a HELLO with another version is refused with a clear REJECT.
    public static let version = 4
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
    /// agent -> coordinator: the shard has started (the answer to START, which is sent again until it comes).
    case started = "STARTED"
    /// coordinator -> agent: reports of a shard up to a sequence number arrived (cumulative).
    case ack = "ACK"
    /// agent -> coordinator: a shard could not be prepared or run, and why.
    case failed = "FAILED"
    /// coordinator -> agent: a clock probe (one round trip of the offset estimate).
    case time = "TIME"
    /// agent -> coordinator: the answer to TIME, with the agent's clock readings.
    case timeReply = "TIME-REPLY"
    /// agent -> coordinator: one line of the agent's log, for the run folder.
    case log = "LOG"
}

/// HELLO payload.
public struct Hello: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    /// The agent build's version, for reports.
    public var agentVersion: String
    /// The agent's name (`--name`), also its ZeroMQ routing id.
    public var name: String
    /// The host it runs on.
    public var host: String
    /// Its host's processor count.
    public var cores: Int
    /// Its process id on that host.
    public var pid: Int
    /// The secret a coordinator hands the agents it spawns (environment `CLUSTERBENCH_AGENT_TOKEN`), so that another
    /// local process cannot pass for one of them; nil for agents started by hand.
    public var token: String?

    /// Makes a HELLO.
    public init(
        protocolVersion: Int, agentVersion: String, name: String, host: String, cores: Int, pid: Int,
        token: String? = nil
    ) {
        self.protocolVersion = protocolVersion
        self.agentVersion = agentVersion
        self.name = name
        self.host = host
        self.cores = cores
        self.pid = pid
        self.token = token
    }
}

/// WELCOME payload.
public struct Welcome: Codable, Sendable, Equatable {
    /// The protocol the coordinator speaks (equal to the agent's, or it would have sent REJECT).
    public var protocolVersion: Int
    /// How often each side sends a heartbeat.
    public var heartbeatIntervalMilliseconds: Int
    /// Heartbeat intervals of silence after which the agent stops all load and exits (dead-man switch).
    public var heartbeatLiveness: Int

    /// Makes a WELCOME.
    public init(protocolVersion: Int, heartbeatIntervalMilliseconds: Int, heartbeatLiveness: Int) {
        self.protocolVersion = protocolVersion
        self.heartbeatIntervalMilliseconds = heartbeatIntervalMilliseconds
        self.heartbeatLiveness = heartbeatLiveness
    }
}

/// REJECT payload.
public struct Reject: Codable, Sendable, Equatable {
    /// Why, in one line the agent prints before exiting.
    public var reason: String

    /// Makes a REJECT.
    public init(reason: String) { self.reason = reason }
}

/// READY, START and STOP payloads: which shard, under which epoch (the fencing token).
public struct ShardRef: Codable, Sendable, Equatable {
    /// The shard, unique within the run.
    public var shardID: String
    /// The assignment's epoch; a message of another epoch is ignored.
    public var epoch: Int

    /// Makes a reference.
    public init(shardID: String, epoch: Int) {
        self.shardID = shardID
        self.epoch = epoch
    }
}
