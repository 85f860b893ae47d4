import BenchConfig
import Foundation
import Testing

@testable import Plugins

/// The local provider's profile rule, its settings, and the cgroup layout it finds (on fake file trees where the
/// real kernel cannot show a case).
@Suite struct LocalSizingTests {
    /// The shipped catalogue's type `name`.
    static func type(_ name: String) throws -> InstanceType {
        try #require(try InstanceCatalog.load(file: InstanceCatalogTests.shippedPath).type(named: name))
    }

    @Test(arguments: [
        // type, workers, threads, CPU quota, memory MiB, quota in us per 100 ms
        ("t2.micro", 1, 2, 0.125, 128, 12_500),
        ("t2.small", 1, 2, 0.125, 256, 12_500),
        ("t3.micro", 1, 4, 0.25, 128, 25_000),
        ("m4.large", 1, 4, 0.25, 1024, 25_000),
        ("c5.large", 1, 4, 0.25, 512, 25_000),
        ("t2.xlarge", 2, 4, 0.5, 2048, 50_000),
        ("r5.xlarge", 2, 4, 0.5, 4096, 50_000),
        ("t2.2xlarge", 4, 4, 1.0, 4096, 100_000),
    ])
    func profileFollowsTheType(type: String, workers: Int, threads: Int, cpu: Double, memory: Int, quota: Int) throws {
        let sizing = LocalSizing(try Self.type(type), settings: LocalProfileSettings())
        #expect(sizing.workers == workers)
        #expect(sizing.threads == threads)
        #expect(sizing.cpuQuota == cpu)
        #expect(sizing.memoryLimitMiB == memory)
        #expect(sizing.quotaMicroseconds(period: 100_000) == quota)
    }

    @Test func smallTypesGetTheMemoryFloorAndScalingIsASetting() {
        let nano = InstanceType(name: "t2.nano", vCPUs: 1, memoryGiB: 0.5, network: "Low", hourlyUSD: 0.0058)
        #expect(LocalSizing(nano, settings: LocalProfileSettings()).memoryLimitMiB == 96)
        let large = InstanceType(name: "m4.large", vCPUs: 2, memoryGiB: 8, network: "Moderate", hourlyUSD: 0.1)
        let doubled = LocalSizing(large, settings: LocalProfileSettings(cpuPerVCPU: 0.25, memoryMiBPerGiB: 64))
        #expect(doubled.cpuQuota == 0.5 && doubled.memoryLimitMiB == 512)
        #expect(doubled.summary == "m4.large: 1 worker x 4 threads")
        #expect(doubled.limitsSummary == "0.5 CPU, 512 MiB")
    }

    @Test func profileReportsOnlyWhatWasApplied() throws {
        let sizing = LocalSizing(try Self.type("m4.large"), settings: LocalProfileSettings())
        #expect(
            sizing.profile(cpuApplied: true, memoryApplied: true, reason: nil)
                == InstanceProfile(workers: 1, threads: 4, cpuQuota: 0.25, memoryLimitMiB: 1024, enforced: true)
        )
        #expect(
            sizing.profile(cpuApplied: true, memoryApplied: false, reason: "no memory")
                == InstanceProfile(workers: 1, threads: 4, cpuQuota: 0.25, enforced: false, reason: "no memory")
        )
        #expect(
            sizing.profile(cpuApplied: false, memoryApplied: false, reason: "off")
                == InstanceProfile(workers: 1, threads: 4, enforced: false, reason: "off")
        )
    }

    @Test func settingsComeFromTheEnvironment() throws {
        #expect(try LocalProfileSettings.fromEnvironment { _ in nil } == LocalProfileSettings())
        let variables = [
            "CLUSTERBENCH_LOCAL_LIMITS": "off", "CLUSTERBENCH_CPU_PER_VCPU": "0.25",
            "CLUSTERBENCH_MEMORY_MIB_PER_GIB": "64", "CLUSTERBENCH_CGROUP_PARENT": "/sys/fs/cgroup/cb",
        ]
        let settings = try LocalProfileSettings.fromEnvironment { variables[$0] }
        #expect(settings.limits == .disabled(reason: "disabled by CLUSTERBENCH_LOCAL_LIMITS=off"))
        #expect(settings.cpuPerVCPU == 0.25 && settings.memoryMiBPerGiB == 64)
        #expect(settings.cgroupParent == "/sys/fs/cgroup/cb")
    }

    @Test(arguments: [
        ("CLUSTERBENCH_LOCAL_LIMITS", "yes", #"CLUSTERBENCH_LOCAL_LIMITS: expected "auto" or "off", found "yes""#),
        (
            "CLUSTERBENCH_CPU_PER_VCPU", "0",
            #"CLUSTERBENCH_CPU_PER_VCPU: expected a number above 0 and at most 4, found "0""#
        ),
        (
            "CLUSTERBENCH_MEMORY_MIB_PER_GIB", "lots",
            #"CLUSTERBENCH_MEMORY_MIB_PER_GIB: expected a number from 16 to 1024, found "lots""#
        ),
        ("CLUSTERBENCH_CGROUP_PARENT", "cb", #"CLUSTERBENCH_CGROUP_PARENT: expected an absolute path, found "cb""#),
    ])
    func badSettingIsNamed(variable: String, value: String, message: String) {
        do {
            _ = try LocalProfileSettings.fromEnvironment { $0 == variable ? value : nil }
            Issue.record("accepted \(variable)=\(value)")
        } catch {
            #expect(error.code == .invalidConfig)
            #expect(error.message == message)
        }
    }

    // MARK: Cgroup layout

    /// A mountinfo like this machine's: cgroup v1 controllers, plus a cgroup2 hierarchy without controllers.
    static func hybridMountInfo(_ root: String) -> String {
        """
        24 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        35 25 0:30 / \(root)/cpu rw,relatime shared:13 - cgroup cgroup rw,cpu
        36 25 0:31 / \(root)/memory rw,relatime shared:14 - cgroup cgroup rw,memory
        37 25 0:32 / \(root)/unified rw,relatime shared:15 - cgroup2 cgroup2 rw
        """
    }

    @Test func parsesMountsAndMembership() {
        let mounts = CgroupLayout.mounts(mountInfo: Self.hybridMountInfo("/sys/fs/cgroup"))
        #expect(mounts.map(\.mountPoint) == ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/unified"])
        #expect(mounts.map(\.fileSystem) == ["cgroup", "cgroup", "cgroup2"])
        #expect(mounts[0].options == ["rw", "cpu"])
        let membership = CgroupLayout.membership(procCgroup: "4:memory:/process_api/ab\n1:cpu,cpuacct:/\n0::/\n")
        #expect(membership.map(\.controllers) == [["memory"], ["cpu", "cpuacct"], []])
        #expect(membership.map(\.path) == ["/process_api/ab", "/", "/"])
        let container = CgroupLayout.Mount(
            root: "/docker/x",
            mountPoint: "/sys/fs/cgroup",
            fileSystem: "cgroup2",
            options: []
        )
        #expect(CgroupLayout.join(container, "/docker/x/app") == "/sys/fs/cgroup/app")
        #expect(CgroupLayout.join(container, "/") == "/sys/fs/cgroup")
    }

    @Test func cgroupV1IsUsedWhenV2HasNoCPUControllerAndLimitsAreWritten() throws {
        let root = TestSupport.makeTemporaryDirectory("cgroup-v1")
        defer { TestSupport.removeDirectory(root) }
        for folder in ["cpu", "memory/session", "unified"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try "".write(toFile: root + "/unified/cgroup.controllers", atomically: true, encoding: .utf8)
        let layout = try CgroupLayout.detect(
            mountInfo: Self.hybridMountInfo(root),
            procCgroup: "4:memory:/session\n1:cpu:/\n0::/\n",
            parent: nil
        ).get()
        #expect(layout == CgroupLayout(version: .v1, cpuBase: root + "/cpu", memoryBase: root + "/memory/session"))

        let journal = CgroupJournal(runDirectory: root)
        let tree = try CgroupTree.create(layout: layout, runID: "run/1 x", journal: journal)
        #expect(tree.cpuParent == root + "/cpu/clusterbench-run1x")
        let instance = try tree.makeInstance(
            id: "c1-1",
            quotaMicroseconds: 25_000,
            period: 100_000,
            memoryBytes: 1 << 30
        )
        #expect(
            instance.folders == [
                root + "/cpu/clusterbench-run1x/c1-1", root + "/memory/session/clusterbench-run1x/c1-1",
            ]
        )
        #expect(CgroupFiles.read(instance.cpuFolder + "/cpu.cfs_quota_us") == "25000")
        #expect(CgroupFiles.read(instance.cpuFolder + "/cpu.cfs_period_us") == "100000")
        #expect(CgroupFiles.read(instance.memoryFolder! + "/memory.limit_in_bytes") == "1073741824")
        #expect(
            journal.folders() == [
                root + "/cpu/clusterbench-run1x", root + "/memory/session/clusterbench-run1x",
                root + "/cpu/clusterbench-run1x/c1-1", root + "/memory/session/clusterbench-run1x/c1-1",
            ]
        )
    }

    @Test func cgroupV2EnablesControllersAndWritesCPUMaxAndMemoryMax() throws {
        let root = TestSupport.makeTemporaryDirectory("cgroup-v2")
        defer { TestSupport.removeDirectory(root) }
        let base = root + "/unified/user.slice/bench.service"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try "cpuset cpu io memory pids\n".write(toFile: base + "/cgroup.controllers", atomically: true, encoding: .utf8)
        try "\n".write(toFile: base + "/cgroup.subtree_control", atomically: true, encoding: .utf8)
        let mountInfo = "37 25 0:32 / \(root)/unified rw,relatime shared:15 - cgroup2 cgroup2 rw\n"
        let layout = try CgroupLayout.detect(
            mountInfo: mountInfo,
            procCgroup: "0::/user.slice/bench.service\n",
            parent: nil
        ).get()
        #expect(layout == CgroupLayout(version: .v2, cpuBase: base, memoryBase: base))
        #expect(CgroupFiles.read(base + "/cgroup.subtree_control") == "+cpu +memory")

        let tree = try CgroupTree.create(layout: layout, runID: "r1", journal: CgroupJournal(runDirectory: root))
        #expect(CgroupFiles.read(base + "/clusterbench-r1/cgroup.subtree_control") == "+cpu +memory")
        let instance = try tree.makeInstance(
            id: "c2-1",
            quotaMicroseconds: 50_000,
            period: 100_000,
            memoryBytes: 2 << 30
        )
        #expect(instance.folders == [base + "/clusterbench-r1/c2-1"])
        #expect(CgroupFiles.read(instance.cpuFolder + "/cpu.max") == "50000 100000")
        #expect(CgroupFiles.read(instance.cpuFolder + "/memory.max") == "2147483648")
    }

    @Test func noCPUControllerAnywhereIsAReason() {
        let mountInfo = "37 25 0:32 / /nonexistent/unified rw,relatime shared:15 - cgroup2 cgroup2 rw\n"
        let result = CgroupLayout.detect(mountInfo: mountInfo, procCgroup: "0::/\n", parent: nil)
        #expect(
            result
                == .failure(
                    CgroupFailure(
                        #"no cpu controller: cgroup v2 at /nonexistent/unified offers no cpu controller (cgroup.controllers: ""), "#
                            + "and no cgroup v1 cpu hierarchy is mounted"
                    )
                )
        )
    }

    @Test func journalTouchesOnlyClusterBenchFolders() {
        #expect(CgroupJournal.isOurs("/sys/fs/cgroup/cpu/clusterbench-r1"))
        #expect(CgroupJournal.isOurs("/sys/fs/cgroup/cpu/clusterbench-r1/cluster1-1"))
        #expect(!CgroupJournal.isOurs("/sys/fs/cgroup/cpu"))
        #expect(!CgroupJournal.isOurs("/sys/fs/cgroup/cpu/clusterbench-r1/a/b"))
        #expect(!CgroupJournal.isOurs("clusterbench-r1"))
        #expect(!CgroupJournal.isOurs("/x/clusterbench-r1/../../etc"))
    }
}
