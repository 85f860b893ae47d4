/// What the coordinator's side of the agent protocol refused during the run: messages dropped by kind
/// (`malformed`, `outOfRange`, `stranger`, `stale`), so that garbage on the port shows in report.json, not in
/// thousands of log lines.
public struct WireSummary: Codable, Sendable, Equatable {
    /// The wire protocol version the coordinator spoke.
    public var protocolVersion: Int
    /// Messages dropped, by kind.
    public var dropped: [String: Int]
    /// Times the coordinator's agent loop did not turn for over a heartbeat interval (starvation, or work done on
    /// its thread), so heartbeats went out late; nil in reports from before it was counted.
    public var loopStalls: Int?
    /// The longest gap between two turns of that loop, in milliseconds.
    public var longestLoopGapMilliseconds: Int?
    /// How the agents' socket was secured: `curve`, `plaintext (loopback)` or `plaintext (insecure)`.
    public var security: String?
    /// Per phase, how closely its shards began at the one instant the coordinator chose; nil in reports from before
    /// start instants.
    public var starts: [PhaseStart]?

    /// Makes a summary.
    public init(protocolVersion: Int, dropped: [String: Int]) {
        self.protocolVersion = protocolVersion
        self.dropped = dropped
    }
}

/// How one phase's shards began: each agent was sent one instant in its own clock, and its first report said when
/// it actually began; both are compared in the coordinator's clock (the agent's reading less its clock offset).
public struct PhaseStart: Codable, Sendable, Equatable {
    /// The phase, from 1.
    public var phase: Int
    /// Shards that began with the phase (re-planned ones, which begin later on purpose, are not counted).
    public var agents: Int
    /// How long after the chosen instant the last of them began, milliseconds.
    public var lastAfterInstantMilliseconds: Double
    /// The latest corrected start less the earliest, milliseconds: the measured start skew.
    public var skewMilliseconds: Double

    /// Makes a phase's start summary.
    public init(phase: Int, agents: Int, lastAfterInstantMilliseconds: Double, skewMilliseconds: Double) {
        self.phase = phase
        self.agents = agents
        self.lastAfterInstantMilliseconds = lastAfterInstantMilliseconds
        self.skewMilliseconds = skewMilliseconds
    }
}
