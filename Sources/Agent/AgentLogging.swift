import Foundation
import Logging
import Synchronization
import Wire

/// Where the agent's log lines go: standard error, always; and, for an agent the coordinator did not spawn (a
/// remote one, whose standard error the coordinator cannot see), the coordinator's run folder, as LOG messages the
/// socket thread sends (`LogLineQueue`: rate-limited, size-bounded). A spawned agent's standard error already goes
/// to the run folder's `logs/agent-N.log`, so it forwards nothing.
final class AgentLogSink: Sendable {
    /// The agent's name, on every line of standard error.
    let name: String
    /// Whether lines go to the coordinator too.
    let forwards: Bool
    private let queue = Mutex(LogLineQueue())

    init(name: String, forwards: Bool) {
        self.name = name
        self.forwards = forwards
    }

    /// Writes a line. Called from any thread.
    func write(_ level: AgentLogLevel, _ text: String) {
        let prefix = level == .info || level == .notice ? "" : "\(level.rawValue): "
        FileHandle.standardError.write(Data("agent \(name): \(prefix)\(text)\n".utf8))
        if forwards { queue.withLock { _ = $0.push(level, text, now: MonotonicClock.now()) } }
    }

    /// The lines waiting for the coordinator. Called from the socket thread.
    func take() -> [AgentLogLine] {
        queue.withLock { $0.take() }
    }

    /// A swift-log `Logger` writing here, at `level` and above.
    func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "clusterbench.agent") { _ in AgentLogHandler(sink: self) }
        logger.logLevel = level
        return logger
    }
}

/// swift-log's handler for the agent: each event becomes one line of the sink.
struct AgentLogHandler: LogHandler {
    let sink: AgentLogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    func log(event: LogEvent) {
        let level = AgentLogLevel(rawValue: event.level.rawValue) ?? .info
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }
        let suffix = fields.isEmpty ? "" : " " + fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: " ")
        sink.write(level, "\(event.message)" + suffix)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
