import ChildProcesses
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What `coordinator run` and `coordinator teardown` do with instance profiles: report.json says whether each
/// cluster's limits were enforced, and a crashed run's cgroups are removed by teardown.
@Suite struct ProfileReportTests {
    /// The part of report.json these tests read.
    struct Report: Decodable {
        struct Cluster: Decodable {
            struct Profile: Decodable, Equatable {
                var workers: Int
                var threads: Int
                var cpuQuota: Double?
                var memoryLimitMiB: Int?
                var enforced: Bool
                var reason: String?
            }
            var name: String
            var completed: Int
            var profile: Profile?
        }
        var outcome: String
        var clusters: [Cluster]
    }

    /// Runs `coordinator run config/small.json` with `environment` added; returns its exit, output and report.
    static func runSmall(environment: [String: String]) throws -> (Termination?, String, Report?) {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("cb-prof-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        try FileManager.default.createDirectory(atPath: results, withIntermediateDirectories: true)
        let log = results + "/coordinator.log"
        let child = try ChildProcess.spawn(
            Tools.path("coordinator"),
            arguments: ["run", "config/small.json", "--results-dir", results + "/runs"],
            environment: environment,
            workingDirectory: TestSupport.projectRoot,
            outputFile: log
        )
        var termination = child.waitForExit(timeout: .seconds(90))
        if termination == nil {
            child.terminate(grace: .seconds(5))
            termination = nil
        }
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: results + "/runs")) ?? []
        let report = runs.first.flatMap { run in
            try? JSONDecoder().decode(
                Report.self,
                from: Data(contentsOf: URL(fileURLWithPath: results + "/runs/\(run)/report.json"))
            )
        }
        return (termination, output, report)
    }

    @Test(.timeLimit(.minutes(2))) func reportSaysNotEnforcedWhenLimitsAreOff() throws {
        let (termination, output, report) = try Self.runSmall(environment: ["CLUSTERBENCH_LOCAL_LIMITS": "off"])
        #expect(termination == .exited(0), "output:\n\(output)")
        #expect(
            output.contains(
                "warning: instance profiles are not enforced (disabled by CLUSTERBENCH_LOCAL_LIMITS=off): every "
                    + "instance may use the whole machine's CPU and memory, so a smaller type does not serve less"
            )
        )
        let clusters = try #require(report).clusters
        #expect(clusters.map(\.completed) == [90, 90])
        #expect(
            clusters.map(\.profile) == [
                .init(
                    workers: 1,
                    threads: 2,
                    enforced: false,
                    reason: "cluster1-1: disabled by CLUSTERBENCH_LOCAL_LIMITS=off (2 of 2 instances not enforced)"
                ),
                .init(
                    workers: 1,
                    threads: 2,
                    enforced: false,
                    reason: "cluster2-1: disabled by CLUSTERBENCH_LOCAL_LIMITS=off (2 of 2 instances not enforced)"
                ),
            ]
        )
    }

    @Test(
        .timeLimit(.minutes(2)),
        .enabled(if: LocalLimitsTests.cgroupsAvailable, "needs root and a cgroup cpu controller")
    )
    func reportCarriesTheEnforcedProfiles() throws {
        let (termination, output, report) = try Self.runSmall(environment: [:])
        #expect(termination == .exited(0), "output:\n\(output)")
        #expect(!output.contains("warning"), "output:\n\(output)")
        let clusters = try #require(report).clusters
        #expect(
            clusters.map(\.profile) == [
                .init(workers: 1, threads: 2, cpuQuota: 0.125, memoryLimitMiB: 128, enforced: true),
                .init(workers: 1, threads: 2, cpuQuota: 0.125, memoryLimitMiB: 256, enforced: true),
            ]
        )
    }

    @Test(
        .timeLimit(.minutes(2)),
        .enabled(if: LocalLimitsTests.cgroupsAvailable, "needs root and a cgroup cpu controller")
    )
    func teardownRemovesTheCgroupsOfAKilledCoordinator() throws {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("cb-int-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        let (coordinator, _) = try InterruptionTests.startRun(results: results)
        coordinator.signalGroup(SIGKILL)
        _ = coordinator.waitForExit(timeout: .seconds(10))
        let run = try InterruptionTests.runDirectory(results)
        let journal = CgroupJournalFile(path: run + "/cgroups.txt")
        defer { _ = try? Tools.run("coordinator", ["teardown", run]) }
        // 2 parents (cpu, memory with v1; one with v2) and one folder per instance per hierarchy.
        let folders = journal.folders
        #expect(folders.count == 10 || folders.count == 5, "\(folders)")
        for folder in folders { #expect(access(folder, F_OK) == 0, "missing: \(folder)") }

        let result = try Tools.run("coordinator", ["teardown", run])
        #expect(result.exitCode == 0, "output:\n\(result.output)")
        for folder in folders {
            #expect(access(folder, F_OK) != 0, "left behind: \(folder)")
            #expect(result.output.contains("removed cgroup \(folder)\n"))
        }
        let again = try Tools.run("coordinator", ["teardown", run])
        #expect(again.exitCode == 0)
        #expect(!again.output.contains("cgroup"))
    }

    /// The lines of a run's `cgroups.txt`, read without the provider's code.
    struct CgroupJournalFile {
        var path: String
        var folders: [String] {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }
}
