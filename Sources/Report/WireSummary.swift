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

    /// Makes a summary.
    public init(protocolVersion: Int, dropped: [String: Int]) {
        self.protocolVersion = protocolVersion
        self.dropped = dropped
    }
}
