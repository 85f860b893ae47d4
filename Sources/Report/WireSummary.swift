/// What the coordinator's side of the agent protocol refused during the run: messages dropped by kind
/// (`malformed`, `outOfRange`, `stranger`, `stale`), so that garbage on the port shows in report.json, not in
/// thousands of log lines.
public struct WireSummary: Codable, Sendable, Equatable {
    /// The wire protocol version the coordinator spoke.
    public var protocolVersion: Int
    /// Messages dropped, by kind.
    public var dropped: [String: Int]

    /// Makes a summary.
    public init(protocolVersion: Int, dropped: [String: Int]) {
        self.protocolVersion = protocolVersion
        self.dropped = dropped
    }
}
