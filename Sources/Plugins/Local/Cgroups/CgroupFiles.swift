#if canImport(Glibc)
import Glibc
#endif

/// Small file operations on cgroup folders, with errors as one line.
enum CgroupFiles {
    /// The whole (small) file at `path`, or nil if it cannot be read.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count < 4 << 20 {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` to `path` in one `write` (cgroup files take one value per write); creates the file if it is
    /// missing (only a plain folder, as in tests, lacks it).
    static func write(_ path: String, _ text: String) throws(CgroupFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CgroupFailure("cannot open \(path): \(systemError())") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        while true {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count == bytes.count { return }
            if count < 0 && errno == EINTR { continue }
            let reason = count < 0 ? systemError() : "short write"
            throw CgroupFailure("cannot write \"\(text)\" to \(path): \(reason)")
        }
    }

    /// Makes the folder `path` (a new cgroup); an existing one is an error, since it would not be ours.
    static func makeDirectory(_ path: String) throws(CgroupFailure) {
        guard mkdir(path, 0o755) == 0 else { throw CgroupFailure("cannot create \(path): \(systemError())") }
    }

    /// The process ids listed in `<folder>/cgroup.procs`.
    static func processes(in folder: String) -> [Int32] {
        (read(folder + "/cgroup.procs") ?? "").split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
    }

    /// The ids of live processes in process group `pgid` (from /proc).
    static func groupMembers(_ pgid: Int32) -> [Int32] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var members: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = Int32(name), let stat = read("/proc/\(pid)/stat"),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After the command: state, ppid, pgrp, ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, Int32(fields[2]) == pgid { members.append(pid) }
        }
        return members
    }
}
