import BenchConfig
import Foundation
import Glibc
import Testing

@testable import Plugins

/// Instance profiles on the real local provider: gunicorn processes inside their own cgroup with the type's CPU
/// quota and memory limit, the cgroups gone after teardown; and a run without limits says so.
@Suite(
    "LocalProvider instance limits with real gunicorn, HAProxy and cgroups",
    .timeLimit(.minutes(1)),
    .needsSetUp(LocalTestSupport.isAvailable, LocalTestSupport.skipReason)
)
struct LocalLimitsTests {
    /// Whether this machine lets this process make cgroups with a CPU quota (root with cgroup v1 or v2).
    static var cgroupsAvailable: Bool {
        if case .success = CgroupLayout.detect(parent: nil) { return true }
        return false
    }

    /// A context whose run id is unique, so that runs of this suite in parallel never share a cgroup name.
    static func uniqueContext(_ label: String, log: LocalTestSupport.LogLines) -> ProviderContext {
        var context = LocalTestSupport.makeContext(label, log: log)
        context.runID = "test-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
        return context
    }

    /// The cgroup folder of `pid` for the cpu controller, relative to its hierarchy (`/clusterbench-x/c2-1`).
    static func cpuCgroup(of pid: Int32) -> String? {
        let lines = CgroupLayout.membership(procCgroup: CgroupFiles.read("/proc/\(pid)/cgroup") ?? "")
        let v1 = lines.first { $0.controllers.contains("cpu") }
        return (v1 ?? lines.first { $0.controllers.isEmpty })?.path
    }

    @Test(.enabled(if: cgroupsAvailable, "needs root and a cgroup cpu controller"))
    func instancesRunInTheirOwnCgroupWithTheTypesQuotaAndTeardownRemovesIt() throws {
        let log = LocalTestSupport.LogLines()
        let context = Self.uniqueContext("limits", log: log)
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = LocalProvider(context: context, options: .init(profiles: LocalProfileSettings()))
        defer { provider.teardown() }
        let journal = CgroupJournal(runDirectory: context.runDirectory)
        defer { journal.removeAll() }

        let deployment = try provider.provision(
            LocalTestSupport.config([
                ClusterConfig(name: "c2", path: "/c2", instanceType: "m4.large", count: 1),
                ClusterConfig(name: "c4", path: "/c4", instanceType: "t2.xlarge", count: 1),
            ])
        )
        try provider.waitUntilHealthy(deployment, timeout: .seconds(30))
        #expect(log.all.contains("c2: limits per instance: 0.25 CPU, 1024 MiB"))
        #expect(log.all.contains("c4: limits per instance: 0.5 CPU, 2048 MiB"))
        #expect(
            deployment.clusters.map { $0.instances[0].profile } == [
                InstanceProfile(workers: 1, threads: 4, cpuQuota: 0.25, memoryLimitMiB: 1024, enforced: true),
                InstanceProfile(workers: 2, threads: 4, cpuQuota: 0.5, memoryLimitMiB: 2048, enforced: true),
            ]
        )

        let folders = journal.folders()
        let parentName = CgroupTree.parentName(runID: context.runID)
        for (id, quota, memory, workers) in [("c2-1", 25_000, 1 << 30, 1), ("c4-1", 50_000, 2 << 30, 2)] {
            let own = folders.filter { $0.hasSuffix("/\(parentName)/\(id)") }
            try #require(!own.isEmpty, "no cgroup for \(id) in \(folders)")
            let cpuFolder = try #require(
                own.first { access($0 + "/cpu.max", F_OK) == 0 || access($0 + "/cpu.cfs_quota_us", F_OK) == 0 }
            )
            if let max = CgroupFiles.read(cpuFolder + "/cpu.max") {
                #expect(max.trimmingCharacters(in: .whitespacesAndNewlines) == "\(quota) 100000")
            } else {
                #expect(
                    CgroupFiles.read(cpuFolder + "/cpu.cfs_quota_us")?.trimmingCharacters(in: .whitespacesAndNewlines)
                        == "\(quota)"
                )
                #expect(
                    CgroupFiles.read(cpuFolder + "/cpu.cfs_period_us")?.trimmingCharacters(in: .whitespacesAndNewlines)
                        == "100000"
                )
            }
            let memoryFile = own.lazy.compactMap { folder in
                ["/memory.max", "/memory.limit_in_bytes"].lazy.map { folder + $0 }.first { access($0, F_OK) == 0 }
            }.first
            #expect(
                CgroupFiles.read(try #require(memoryFile))?.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(memory)"
            )

            // The master and its workers (forked after the master joined the cgroup) are all inside.
            let master = try #require(
                provider.processIDs.first { pid in
                    (CgroupFiles.read("/proc/\(pid)/environ") ?? "").contains("INSTANCE_ID=\(id)\0")
                }
            )
            try waitUntil("\(id)'s \(workers) workers to join its cgroup") {
                CgroupFiles.groupMembers(master).count == 1 + workers
            }
            let members = CgroupFiles.groupMembers(master)
            #expect(members.count == 1 + workers)
            for pid in members {
                #expect(Self.cpuCgroup(of: pid)?.hasSuffix("/\(parentName)/\(id)") == true, "pid \(pid)")
            }
            #expect(Set(CgroupFiles.processes(in: cpuFolder)) == Set(members))
        }

        // The CPU-bound endpoint answers through the load balancer.
        let (port, path) = try HTTPTestClient.parse(url: deployment.clusters[1].targetURL)
        let response = try HTTPTestClient(port: port).get(path + "/work?n=1000")
        #expect(response.status == 200)
        #expect(response.body.contains(#""n":1000"#))

        provider.teardown()
        for folder in folders { #expect(access(folder, F_OK) != 0, "left behind: \(folder)") }
    }

    @Test func disabledLimitsAreReportedAsNotEnforced() throws {
        let log = LocalTestSupport.LogLines()
        let context = Self.uniqueContext("nolimits", log: log)
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let settings = LocalProfileSettings(limits: .disabled(reason: "disabled for this test"))
        let provider = LocalProvider(context: context, options: .init(profiles: settings))
        defer { provider.teardown() }

        let deployment = try provider.provision(
            LocalTestSupport.config([ClusterConfig(name: "c1", path: "/c1", instanceType: "t2.micro", count: 2)])
        )
        try provider.waitUntilHealthy(deployment, timeout: .seconds(30))
        let expected = InstanceProfile(workers: 1, threads: 2, enforced: false, reason: "disabled for this test")
        #expect(deployment.clusters[0].instances.map(\.profile) == [expected, expected])
        #expect(
            log.all.contains(
                "warning: instance profiles are not enforced (disabled for this test): every instance may use the "
                    + "whole machine's CPU and memory, so a smaller type does not serve less"
            )
        )
        #expect(!FileManager.default.fileExists(atPath: CgroupJournal(runDirectory: context.runDirectory).path))
    }

    @Test func unknownTypeIsRefusedBeforeAnythingStarts() throws {
        let context = Self.uniqueContext("unknown", log: LocalTestSupport.LogLines())
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = LocalProvider(context: context, options: .init(profiles: LocalProfileSettings()))
        defer { provider.teardown() }
        let config = LocalTestSupport.config([
            ClusterConfig(name: "c1", path: "/c1", instanceType: "t2.mikro", count: 1)
        ])
        do {
            _ = try provider.provision(config)
            Issue.record("provisioned an unknown type")
        } catch {
            #expect(error.code == .invalidConfig)
            #expect(
                error.message
                    == #"cluster c1: unknown instance type "t2.mikro"; close matches: t2.micro, t3.micro (catalogue: "#
                    + provider.catalogPath + ")"
            )
        }
        #expect(provider.processIDs.isEmpty)
    }
}
