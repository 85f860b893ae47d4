import Foundation
import Wire

/// The log lines remote agents send (LOG), each agent's in `logs/agents/<name>.log` of the run folder, at most
/// `limit` bytes per agent (then one line saying so, and nothing more); error and critical lines are also shown on
/// the coordinator's console, at most `consoleBurst` of each agent in any `consoleWindow` (the rest are in its file,
/// and their number is said once the window is over), so an agent cannot flood the console. Spawned agents send
/// none: their standard error is `logs/agent-N.log` already.
final class AgentLogFiles {
    /// Bytes one agent's file may hold.
    static let limit = 4 << 20
    /// Error lines of one agent shown on the console per window.
    static let consoleBurst = 5
    /// The console window, in nanoseconds: 10 s.
    static let consoleWindow: UInt64 = 10_000_000_000

    private let folder: String
    private let stamps: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
    private var files: [String: (handle: FileHandle, bytes: Int)] = [:]
    /// Lines not written because an agent's file was full, by agent name.
    private(set) var dropped: [String: Int] = [:]
    /// Per agent: when its console window began, the error lines shown in it and those held back.
    private var console: [String: (start: UInt64, shown: Int, held: Int)] = [:]

    init(runDirectory: String) {
        folder = runDirectory + "/logs/agents"
    }

    /// Appends one line of `agent`'s log.
    func write(agent: String, _ line: AgentLogLine) {
        let held = line.suppressed > 0 ? "(\(line.suppressed) lines held back by the agent) " : ""
        if line.level >= .error { echo(agent: agent, line) }
        guard let (handle, bytes) = file(for: agent) else { return }
        let stamp = stamps.string(from: Date())
        var text = "\(stamp) \(line.level.rawValue) \(held)\(line.text)\n"
        if bytes + text.utf8.count > Self.limit {
            dropped[agent, default: 0] += 1
            guard dropped[agent] == 1 else { return }
            text = "\(stamp) notice this log reached \(Self.limit >> 20) MiB: later lines are not kept\n"
        }
        handle.write(Data(text.utf8))
        files[Self.fileName(agent)]?.bytes = bytes + text.utf8.count
    }

    func close() {
        for (agent, window) in console.sorted(by: { $0.key < $1.key }) { sayHeld(agent: agent, window.held) }
        console = [:]
        for (handle, _) in files.values { try? handle.close() }
        files = [:]
    }

    /// Shows an error line on the console unless the agent has had its `consoleBurst` in the current window.
    private func echo(agent: String, _ line: AgentLogLine) {
        let now = MonotonicClock.now()
        var window = console[agent] ?? (now, 0, 0)
        if now - window.start >= Self.consoleWindow {
            sayHeld(agent: agent, window.held)
            window = (now, 0, 0)
        }
        if window.shown < Self.consoleBurst {
            Console.progress("  agent \(agent): \(line.level.rawValue): \(line.text)")
            window.shown += 1
        } else {
            window.held += 1
        }
        console[agent] = window
    }

    private func sayHeld(agent: String, _ held: Int) {
        guard held > 0 else { return }
        Console.progress("  agent \(agent): \(held) more error lines, not shown here: logs/agents/\(Self.fileName(agent))")
    }

    private func file(for agent: String) -> (FileHandle, Int)? {
        let name = Self.fileName(agent)
        if let open = files[name] { return open }
        let path = folder + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            let bytes = Int(try handle.seekToEnd())
            files[name] = (handle, bytes)
            return (handle, bytes)
        } catch {
            return nil
        }
    }

    /// An agent name as a file name: letters, digits, `.`, `_` and `-` kept, anything else `_`; never `.` or `..`.
    static func fileName(_ agent: String) -> String {
        let safe = String(agent.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        return (safe.allSatisfy { $0 == "." } ? "_" + safe : safe) + ".log"
    }
}
