import Foundation
import Wire

/// The log lines remote agents send (LOG), each agent's in `logs/agents/<name>.log` of the run folder, at most
/// `limit` bytes per agent (then one line saying so, and nothing more); error and critical lines are also shown on
/// the coordinator's console. Spawned agents send none: their standard error is `logs/agent-N.log` already.
final class AgentLogFiles {
    /// Bytes one agent's file may hold.
    static let limit = 4 << 20

    private let folder: String
    private let stamps: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
    private var files: [String: (handle: FileHandle, bytes: Int)] = [:]
    /// Lines not written because an agent's file was full, by agent name.
    private(set) var dropped: [String: Int] = [:]

    init(runDirectory: String) {
        folder = runDirectory + "/logs/agents"
    }

    /// Appends one line of `agent`'s log.
    func write(agent: String, _ line: AgentLogLine) {
        let held = line.suppressed > 0 ? "(\(line.suppressed) lines held back by the agent) " : ""
        if line.level >= .error { Console.progress("  agent \(agent): \(line.level.rawValue): \(line.text)") }
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
        for (handle, _) in files.values { try? handle.close() }
        files = [:]
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
