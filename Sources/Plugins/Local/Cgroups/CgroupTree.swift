#if canImport(Glibc)
import Glibc
#endif

/// The cgroups of one run: a parent `clusterbench-<runID>` in each hierarchy the layout names, and one child per
/// instance holding its CPU quota and memory limit. Every folder is journaled before it is used.
struct CgroupTree: Sendable {
    /// Where the run's cgroups live.
    let layout: CgroupLayout
    /// The run's parent folder for the cpu controller (v2: for both).
    let cpuParent: String
    /// The run's parent folder for the memory controller, if memory can be limited.
    let memoryParent: String?
    /// Where the folders are journaled.
    let journal: CgroupJournal

    /// One instance's cgroup folders.
    struct Instance: Sendable {
        /// Holds the CPU quota (v2: both limits).
        var cpuFolder: String
        /// Holds the memory limit, if memory is limited (v2: the same folder as `cpuFolder`).
        var memoryFolder: String?
        /// Why the memory limit is missing, when `memoryFolder` is nil.
        var memoryProblem: String?

        /// The distinct folders a process must be written into.
        var folders: [String] {
            [cpuFolder] + (memoryFolder.map { $0 == cpuFolder ? [] : [$0] } ?? [])
        }
    }

    /// `clusterbench-<runID>` with characters that are unsafe in a folder name dropped, at most 100 long.
    static func parentName(runID: String) -> String {
        let safe = runID.unicodeScalars.filter {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
        }
        return "clusterbench-" + String(String.UnicodeScalarView(safe.prefix(100)))
    }

    /// Makes the run's parent folder in each hierarchy of `layout`. With v2, enables the cpu (and memory)
    /// controllers for the instances below it.
    static func create(layout: CgroupLayout, runID: String, journal: CgroupJournal) throws(CgroupFailure) -> CgroupTree
    {
        let name = parentName(runID: runID)
        let cpuParent = layout.cpuBase + "/" + name
        try makeFolder(cpuParent, journal: journal)
        var memoryParent: String?
        switch layout.version {
        case .v2:
            let controllers = layout.memoryBase == nil ? "+cpu" : "+cpu +memory"
            try CgroupFiles.write(cpuParent + "/cgroup.subtree_control", controllers)
            memoryParent = layout.memoryBase == nil ? nil : cpuParent
        case .v1:
            if let memoryBase = layout.memoryBase {
                let folder = memoryBase + "/" + name
                try makeFolder(folder, journal: journal)
                memoryParent = folder
            }
        }
        return CgroupTree(layout: layout, cpuParent: cpuParent, memoryParent: memoryParent, journal: journal)
    }

    /// Makes instance `id`'s cgroup with a quota of `quotaMicroseconds` CPU time per `period` microseconds and a
    /// memory limit of `memoryBytes`. A failure of the memory part leaves the CPU part in place and is reported in
    /// `memoryProblem`; a failure of the CPU part throws.
    func makeInstance(
        id: String,
        quotaMicroseconds: Int,
        period: Int,
        memoryBytes: Int
    ) throws(CgroupFailure) -> Instance {
        let cpuFolder = cpuParent + "/" + id
        try Self.makeFolder(cpuFolder, journal: journal)
        switch layout.version {
        case .v2:
            try CgroupFiles.write(cpuFolder + "/cpu.max", "\(quotaMicroseconds) \(period)")
        case .v1:
            try CgroupFiles.write(cpuFolder + "/cpu.cfs_period_us", "\(period)")
            try CgroupFiles.write(cpuFolder + "/cpu.cfs_quota_us", "\(quotaMicroseconds)")
        }
        guard let memoryParent else {
            return Instance(cpuFolder: cpuFolder, memoryFolder: nil, memoryProblem: layout.memoryUnavailable)
        }
        do {
            switch layout.version {
            case .v2:
                try CgroupFiles.write(cpuFolder + "/memory.max", "\(memoryBytes)")
                return Instance(cpuFolder: cpuFolder, memoryFolder: cpuFolder, memoryProblem: nil)
            case .v1:
                let memoryFolder = memoryParent + "/" + id
                try Self.makeFolder(memoryFolder, journal: journal)
                try CgroupFiles.write(memoryFolder + "/memory.limit_in_bytes", "\(memoryBytes)")
                return Instance(cpuFolder: cpuFolder, memoryFolder: memoryFolder, memoryProblem: nil)
            }
        } catch {
            return Instance(cpuFolder: cpuFolder, memoryFolder: nil, memoryProblem: error.message)
        }
    }

    /// Moves process `pid` into `instance`'s cgroups, then every other member of its process group (`pid` leads
    /// it): a process forked before the move would otherwise stay outside; every process forked after it inherits
    /// the cgroups. A member that exits meanwhile is skipped.
    func attach(_ pid: Int32, to instance: Instance) throws(CgroupFailure) {
        for folder in instance.folders {
            try CgroupFiles.write(folder + "/cgroup.procs", "\(pid)")
        }
        for member in CgroupFiles.groupMembers(pid) where member != pid {
            for folder in instance.folders {
                do {
                    try CgroupFiles.write(folder + "/cgroup.procs", "\(member)")
                } catch {
                    if kill(member, 0) == 0 { throw error }
                }
            }
        }
    }

    /// Makes the cgroup folder `path` and journals it. The folder is journaled only once it is made, so that a
    /// folder that already existed (someone else's) is never removed as ours; if the journal cannot be written the
    /// folder is removed again.
    static func makeFolder(_ path: String, journal: CgroupJournal) throws(CgroupFailure) {
        try CgroupFiles.makeDirectory(path)
        do {
            try journal.record(path)
        } catch {
            rmdir(path)
            throw error
        }
    }

    /// Removes every folder of the run (instances first), killing any process still in one; returns what could
    /// not be removed.
    func removeAll() -> [(folder: String, reason: String)] {
        journal.removeAll().failed
    }
}
