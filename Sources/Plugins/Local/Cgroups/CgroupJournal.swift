import ChildProcesses

#if canImport(Glibc)
import Glibc
#endif

/// The cgroup folders a run created, one absolute path a line in `<run folder>/cgroups.txt`, each written (and
/// `fsync`ed) as soon as the folder is made, before it is used, so that `coordinator teardown` can remove them
/// after a crash.
public struct CgroupJournal: Sendable {
    /// The journal file.
    public let path: String

    /// The journal of the run folder `runDirectory`.
    public init(runDirectory: String) {
        path = runDirectory + "/cgroups.txt"
    }

    /// Appends `folder` and flushes it to disk.
    func record(_ folder: String) throws(CgroupFailure) {
        do {
            try ProcessJournal.appendLine(Array(folder.utf8), to: path)
        } catch {
            throw CgroupFailure("cannot write \(path): \(error.reason)")
        }
    }

    /// The folders listed, in the order they were made; empty if there is no journal.
    public func folders() -> [String] {
        (CgroupFiles.read(path) ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Removes every listed folder that still exists, children before parents: processes still in one are
    /// killed first (they can only be the run's own gunicorn processes), then the folder is removed. Only folders
    /// named `clusterbench-*` or directly inside one are touched. Safe to repeat.
    ///
    /// - Returns: what was removed and what could not be, with the reason.
    @discardableResult
    public func removeAll(
        timeout: Duration = .seconds(3)
    ) -> (removed: [String], failed: [(folder: String, reason: String)]) {
        var removed: [String] = []
        var failed: [(String, String)] = []
        for folder in folders().reversed() where Self.isOurs(folder) {
            guard access(folder, F_OK) == 0 else { continue }
            switch Self.remove(folder, timeout: timeout) {
            case nil: removed.append(folder)
            case let reason?: failed.append((folder, reason))
            }
        }
        return (removed, failed)
    }

    /// Whether `folder` is one this code makes: `.../clusterbench-<run>` or `.../clusterbench-<run>/<instance>`.
    static func isOurs(_ folder: String) -> Bool {
        let parts = folder.split(separator: "/")
        guard folder.hasPrefix("/"), parts.count >= 2, !parts.contains("..") else { return false }
        return parts[parts.count - 1].hasPrefix("clusterbench-") || parts[parts.count - 2].hasPrefix("clusterbench-")
    }

    /// Kills what is left in `folder`, waits for it to empty, and removes it; nil on success, else the reason.
    static func remove(_ folder: String, timeout: Duration) -> String? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let left = CgroupFiles.processes(in: folder)
            for pid in left { kill(pid, SIGKILL) }
            if left.isEmpty, rmdir(folder) == 0 || errno == ENOENT { return nil }
            let reason = left.isEmpty ? systemError() : "\(left.count) processes still in it"
            if clock.now >= deadline { return reason }
            usleep(20_000)
        }
    }
}
