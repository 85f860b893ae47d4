#if canImport(Glibc)
import Glibc
#endif

/// What the kernel says about one process group: which of its members still run, and signals to all of them.
///
/// A group's id is the pid of the process that created it (every `ChildProcess` leads its own group), so after
/// the leader exits the group lives on as long as one of its members (a gunicorn worker, say) does.
enum ProcessGroup {
    /// Sends `signal` to every process of group `pgid`; false when the group no longer exists (ESRCH).
    @discardableResult
    static func signal(_ pgid: Int32, _ signal: Int32) -> Bool {
        guard pgid > 1 else { return false }  // never -1 (every process) or 0/-0 (our own group)
        return kill(-pgid, signal) == 0 || errno != ESRCH
    }

    /// Whether any member of group `pgid` is still running (zombies do not count: they have exited and only wait
    /// to be reaped, by us or by whoever inherited them).
    static func hasLiveMembers(_ pgid: Int32) -> Bool {
        guard pgid > 1 else { return false }
        if kill(-pgid, 0) != 0 && errno == ESRCH { return false }
        // Something with that group id exists; zombies count for kill(2), so look at each member's state.
        guard let members = members(ofGroup: pgid) else { return true }  // no /proc: trust kill(2)
        return members.contains { !$0.isZombie }
    }

    /// One process seen in /proc.
    struct Member: Equatable {
        var pid: Int32
        var state: Character
        /// Exited but not yet reaped (Z), or being torn down (X).
        var isZombie: Bool { state == "Z" || state == "X" }
    }

    /// Every process whose process group is `pgid`, read from /proc; nil when /proc cannot be read.
    static func members(ofGroup pgid: Int32) -> [Member]? {
        guard let directory = opendir("/proc") else { return nil }
        defer { closedir(directory) }
        var found: [Member] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let pid = Int32(name), let stat = stat(of: pid), stat.pgrp == pgid else { continue }
            found.append(Member(pid: pid, state: stat.state))
        }
        return found
    }

    /// State and process group of `pid` from /proc/PID/stat; nil if it is gone.
    static func stat(of pid: Int32) -> (state: Character, pgrp: Int32)? {
        guard let text = readSmallFile("/proc/\(pid)/stat") else { return nil }
        // "pid (comm) S ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 3, let state = fields[0].first, let pgrp = Int32(fields[2]) else { return nil }
        return (state, pgrp)
    }

    /// The command line of `pid` (its argv) from /proc/PID/cmdline; nil if it is gone or a kernel thread.
    static func commandLine(of pid: Int32) -> [String]? {
        guard let text = readSmallFile("/proc/\(pid)/cmdline"), !text.isEmpty else { return nil }
        return text.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Reads a small /proc file whole; nil if it cannot be opened.
    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > 1 << 20 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Bounded polling: every wait in this module is a loop of cheap non-blocking checks with short sleeps, so no
/// thread ever blocks without a deadline.
enum Poll {
    /// Calls `done` until it returns true or `timeout` has passed; returns whether it became true.
    /// Sleeps 2 ms at first, backing off to 50 ms.
    static func until(timeout: Duration, _ done: () -> Bool) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var pause = Duration.milliseconds(2)
        while true {
            if done() { return true }
            let now = clock.now
            if now >= deadline { return false }
            sleep(for: min(pause, now.duration(to: deadline)))
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    /// Blocks the calling thread for `duration` (used only in bounded loops).
    static func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || attoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
