#if canImport(Glibc)
import Glibc
#endif

/// Where this process can make cgroups that limit CPU and memory: which cgroup version, and the folder under
/// which the run's cgroups go in each hierarchy. Found at run time by `detect`.
struct CgroupLayout: Equatable, Sendable {
    /// The cgroup interface in use.
    enum Version: String, Sendable {
        /// One unified hierarchy (`cpu.max`, `memory.max`).
        case v2
        /// One hierarchy per controller (`cpu.cfs_quota_us`, `memory.limit_in_bytes`).
        case v1
    }

    /// The cgroup interface in use.
    var version: Version
    /// The folder that receives the run's cgroup for the cpu controller (v2: for both controllers).
    var cpuBase: String
    /// The same for the memory controller; nil if memory cannot be limited (see `memoryUnavailable`).
    var memoryBase: String?
    /// Why memory cannot be limited, when `memoryBase` is nil.
    var memoryUnavailable: String?

    /// "cgroup v1 (cpu under /sys/fs/cgroup/cpu, memory under /sys/fs/cgroup/memory/x)".
    var summary: String {
        switch version {
        case .v2: return "cgroup v2 under \(cpuBase)"
        case .v1:
            return "cgroup v1 (cpu under \(cpuBase)" + (memoryBase.map { ", memory under \($0)" } ?? "") + ")"
        }
    }

    // MARK: Detection

    /// One line of /proc/self/mountinfo that mounts a cgroup file system.
    struct Mount: Equatable, Sendable {
        /// The folder of the hierarchy that is mounted (`/` unless a container mounts a subtree).
        var root: String
        /// Where it is mounted (`/sys/fs/cgroup/cpu`).
        var mountPoint: String
        /// `cgroup` (v1) or `cgroup2`.
        var fileSystem: String
        /// The super options; for v1 they name the controllers (`rw,cpu,cpuacct`).
        var options: [String]
    }

    /// The cgroup mounts in a /proc/self/mountinfo text.
    static func mounts(mountInfo: String) -> [Mount] {
        mountInfo.split(separator: "\n").compactMap { line in
            let halves = line.split(separator: " - ", maxSplits: 1).map(String.init)
            guard halves.count == 2 else { return nil }
            let fields = halves[0].split(separator: " ")
            let tail = halves[1].split(separator: " ")
            guard fields.count >= 5, tail.count >= 3, tail[0] == "cgroup" || tail[0] == "cgroup2" else { return nil }
            return Mount(
                root: unescape(String(fields[3])),
                mountPoint: unescape(String(fields[4])),
                fileSystem: String(tail[0]),
                options: tail[2].split(separator: ",").map(String.init)
            )
        }
    }

    /// The lines of /proc/self/cgroup: controllers (empty for v2's `0::`) and this process's cgroup path.
    static func membership(procCgroup: String) -> [(controllers: [String], path: String)] {
        procCgroup.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { return nil }
            return (fields[1].split(separator: ",").map(String.init), String(fields[2]))
        }
    }

    /// Finds the layout for this process from the kernel's own descriptions: /proc/self/mountinfo and
    /// /proc/self/cgroup. `parent` overrides the cgroup v2 folder (a delegated subtree).
    static func detect(parent: String?) -> Result<CgroupLayout, CgroupFailure> {
        guard let mountInfo = CgroupFiles.read("/proc/self/mountinfo"),
            let procCgroup = CgroupFiles.read("/proc/self/cgroup")
        else { return .failure(CgroupFailure("cannot read /proc/self/mountinfo or /proc/self/cgroup")) }
        return detect(mountInfo: mountInfo, procCgroup: procCgroup, parent: parent)
    }

    /// The layout the given texts describe, checked against the files they point at. Prefers cgroup v2 when its
    /// hierarchy offers the cpu controller, else the v1 cpu (and memory) hierarchies. With v2, enables the cpu and
    /// memory controllers for the base folder's children if they are not yet.
    static func detect(mountInfo: String, procCgroup: String, parent: String?) -> Result<CgroupLayout, CgroupFailure> {
        let mounts = mounts(mountInfo: mountInfo)
        let membership = membership(procCgroup: procCgroup)
        var v2Problem = "no cgroup v2 file system is mounted"
        if let unified = mounts.first(where: { $0.fileSystem == "cgroup2" }) {
            let own = membership.first { $0.controllers.isEmpty }?.path ?? "/"
            let base = parent ?? join(unified, own)
            let available = (CgroupFiles.read(base + "/cgroup.controllers") ?? "").split(whereSeparator: \.isWhitespace)
                .map(String.init)
            if available.contains("cpu") {
                return v2Layout(base: base, available: available)
            }
            let listed = available.joined(separator: " ")
            v2Problem = "cgroup v2 at \(base) offers no cpu controller (cgroup.controllers: \"\(listed)\")"
        }
        guard let cpuMount = mounts.first(where: { $0.fileSystem == "cgroup" && $0.options.contains("cpu") }) else {
            return .failure(CgroupFailure("no cpu controller: \(v2Problem), and no cgroup v1 cpu hierarchy is mounted"))
        }
        let cpuBase = join(cpuMount, membership.first { $0.controllers.contains("cpu") }?.path ?? "/")
        guard access(cpuBase, W_OK) == 0 else {
            return .failure(
                CgroupFailure(
                    "cannot create cgroups in \(cpuBase) (\(systemError())): it needs root or a delegated cgroup"
                )
            )
        }
        var layout = CgroupLayout(version: .v1, cpuBase: cpuBase, memoryBase: nil, memoryUnavailable: nil)
        if let memoryMount = mounts.first(where: { $0.fileSystem == "cgroup" && $0.options.contains("memory") }) {
            let memoryBase = join(memoryMount, membership.first { $0.controllers.contains("memory") }?.path ?? "/")
            if access(memoryBase, W_OK) == 0 {
                layout.memoryBase = memoryBase
            } else {
                layout.memoryUnavailable = "cannot create cgroups in \(memoryBase) (\(systemError()))"
            }
        } else {
            layout.memoryUnavailable = "no cgroup v1 memory hierarchy is mounted"
        }
        return .success(layout)
    }

    private static func v2Layout(base: String, available: [String]) -> Result<CgroupLayout, CgroupFailure> {
        let wanted = ["cpu"] + (available.contains("memory") ? ["memory"] : [])
        let enabled = (CgroupFiles.read(base + "/cgroup.subtree_control") ?? "").split(whereSeparator: \.isWhitespace)
            .map(String.init)
        let missing = wanted.filter { !enabled.contains($0) }
        if !missing.isEmpty {
            do {
                try CgroupFiles.write(base + "/cgroup.subtree_control", missing.map { "+" + $0 }.joined(separator: " "))
            } catch {
                return .failure(
                    CgroupFailure(
                        "cgroup v2 at \(base): cannot enable \(missing.joined(separator: " and ")) for child cgroups "
                            + "(\(error.message)); a cgroup with processes cannot: set CLUSTERBENCH_CGROUP_PARENT to "
                            + "a delegated subtree"
                    )
                )
            }
        }
        let memory = available.contains("memory")
        return .success(
            CgroupLayout(
                version: .v2,
                cpuBase: base,
                memoryBase: memory ? base : nil,
                memoryUnavailable: memory ? nil : "cgroup v2 at \(base) offers no memory controller"
            )
        )
    }

    /// The folder of cgroup `path` (as /proc/self/cgroup names it) under `mount`.
    static func join(_ mount: Mount, _ path: String) -> String {
        var relative = path
        if mount.root != "/", relative.hasPrefix(mount.root) { relative.removeFirst(mount.root.count) }
        if relative.hasSuffix("/") { relative.removeLast() }
        if !relative.isEmpty, !relative.hasPrefix("/") { relative = "/" + relative }
        return mount.mountPoint + relative
    }

    /// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
    private static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "\\"), index + 3 < source.count,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Something about cgroups could not be done, in one line (the reason a profile is not enforced).
struct CgroupFailure: Error, Sendable, Equatable {
    /// What failed and why.
    var message: String

    /// A failure saying `message`.
    init(_ message: String) {
        self.message = message
    }
}
