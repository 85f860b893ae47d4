/// The levels of an agent's log lines, as swift-log names them, lowest first.
public enum AgentLogLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case trace, debug, info, notice, warning, error, critical

    /// Lower levels are the more talkative ones.
    public static func < (lhs: AgentLogLevel, rhs: AgentLogLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// LOG payload (agent → coordinator): one line of the agent's log, so that what a remote agent says reaches the
/// coordinator's run folder. Agents send at most a few lines a second and say how many they held back.
public struct AgentLogLine: Codable, Sendable, Equatable {
    /// The line's level.
    public var level: AgentLogLevel
    /// The line, without its level or the agent's name.
    public var text: String
    /// Lines the agent held back (over its rate) since the previous LOG it sent.
    public var suppressed: Int

    /// Makes a line.
    public init(level: AgentLogLevel, text: String, suppressed: Int = 0) {
        self.level = level
        self.text = text
        self.suppressed = suppressed
    }
}
