import Foundation
import Glibc

/// Helpers shared by the integration tests: temporary folders, the project root, process states (poll them with
/// `waitUntil`).
enum TestSupport {
    /// The repository root (it holds Package.swift, app/ and .venv/), found from this file's path.
    static let projectRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// A new empty folder under /tmp, named after `label`.
    static func makeTemporaryDirectory(_ label: String) -> String {
        var template = Array("/tmp/clusterbench-\(label)-XXXXXX".utf8CString)
        guard let result = mkdtemp(&template) else { fatalError("mkdtemp failed: \(String(cString: strerror(errno)))") }
        return String(cString: result)
    }

    /// Removes a folder made by `makeTemporaryDirectory`.
    static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Whether an executable file exists at `path`.
    static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    /// The first `name` found in PATH, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first(where: isExecutable)
    }

    /// Whether no process of group `pgid` exists any more (kill(-pgid, 0) answers ESRCH).
    static func groupIsGone(_ pgid: Int32) -> Bool {
        kill(-pgid, 0) != 0 && errno == ESRCH
    }

    /// Whether process `pid` is gone or a zombie (exited, waiting to be reaped by whoever inherited it).
    static func processIsGone(_ pid: Int32) -> Bool {
        guard let fields = statFields(pid) else { return true }
        return fields.first == "Z" || fields.first == "X"
    }

    /// True if any process of the group led by `pgid` still exists, zombies excepted (this machine's init reaps
    /// orphans slowly, so a zombie counts as stopped here).
    static func groupHasLiveMember(_ pgid: Int32) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        return entries.contains { entry in
            guard let pid = Int32(entry), let fields = statFields(pid), fields.count > 2 else { return false }
            return fields[0] != "Z" && fields[0] != "X" && Int32(fields[2]) == pgid
        }
    }

    /// The fields of `/proc/PID/stat` after the command name (state, ppid, pgrp, ...), or nil if there is no such
    /// process.
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }
}
