import ChildProcesses
import Foundation

/// Runs the built `coordinator` and `agent` executables as a user would, and reads what they print.
enum Tools {
    /// The folder of the executables built beside this test bundle.
    static var binDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    static func path(_ tool: String) -> String { binDirectory + "/" + tool }

    /// What a finished command left behind.
    struct Result {
        var termination: Termination?
        /// Standard output and standard error, interleaved.
        var output: String

        var exitCode: Int32? {
            if case .exited(let code) = termination { return code }
            return nil
        }
    }

    /// Runs `tool arguments` from the package folder, giving up (and killing it) after `timeout`.
    static func run(_ tool: String, _ arguments: [String], timeout: Duration = .seconds(60)) throws -> Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("cb-\(tool)-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let child = try ChildProcess.spawn(
            path(tool), arguments: arguments, workingDirectory: BadConfigCases.packageDirectory, outputFile: log)
        var termination = child.waitForExit(timeout: timeout)
        if termination == nil {
            child.terminate(grace: .seconds(5))
            termination = nil
        }
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return Result(termination: termination, output: output)
    }

    /// True if any process of the group led by `pid` still exists (zombies excepted).
    static func groupIsAlive(_ pid: Int32) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries {
            guard Int32(entry) != nil,
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // Fields after the command: state, ppid, pgrp, ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[0] != "Z", Int32(fields[2]) == pid { return true }
        }
        return false
    }
}
