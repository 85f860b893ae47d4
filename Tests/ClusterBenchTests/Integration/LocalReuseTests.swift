import ChildProcesses
import Foundation
import Testing

/// `coordinator provision` on the local provider leaves gunicorn and HAProxy up, `run --reuse` loads them without
/// provisioning again and counts only its own requests at the balancer, and `coordinator teardown` ends them.
@Suite(.serialized, .needsSetUp(LocalTestSupport.isAvailable, LocalTestSupport.skipReason))
struct LocalReuseTests {
    struct Report: Decodable {
        struct Cluster: Decodable {
            struct Balancer: Decodable { var requests: Int }
            var name: String
            var completed: Int
            var loadBalancer: Balancer?
        }
        var outcome: String
        var clusters: [Cluster]
    }

    @Test(.timeLimit(.minutes(4))) func provisionOnceLoadTwiceTearDown() throws {
        let results = RunFixtures.makeResultsDirectory("reuse")
        defer { TestSupport.removeDirectory(results) }
        let provisioned = try Tools.run(
            "coordinator", ["provision", "config/small.json", "--results-dir", results + "/up"], timeout: .seconds(90))
        #expect(provisioned.exitCode == 0, "\(provisioned.output)")
        let upRun = try RunFixtures.runDirectory(in: results + "/up")
        defer { _ = try? Tools.run("coordinator", ["teardown", upRun]) }
        #expect(provisioned.output.hasSuffix(upRun + "\n"))
        let entries = try ProcessJournal(path: upRun + "/processes.jsonl").entries()
        #expect(entries.count == 5)  // 4 gunicorn instances and HAProxy; no agent
        #expect(entries.allSatisfy { TestSupport.groupHasLiveMember($0.pgid) })

        // Two runs against what stays up: each sees 90 requests per cluster at the balancer, its own only.
        for round in 1...2 {
            let folder = results + "/load-\(round)"
            let run = try Tools.run(
                "coordinator", ["run", "config/small.json", "--reuse", upRun, "--results-dir", folder],
                timeout: .seconds(120))
            #expect(run.exitCode == 0, "\(run.output)")
            #expect(run.output.contains("took over the HAProxy and gunicorn processes of \(upRun)"))
            #expect(!run.output.contains("starting haproxy"))
            let report = try JSONDecoder().decode(
                Report.self,
                from: Data(contentsOf: URL(fileURLWithPath: try RunFixtures.runDirectory(in: folder) + "/report.json")))
            #expect(report.outcome == "completed")
            #expect(report.clusters.map(\.completed) == [90, 90])
            #expect(report.clusters.map { $0.loadBalancer?.requests } == [90, 90])
            #expect(entries.allSatisfy { TestSupport.groupHasLiveMember($0.pgid) }, "round \(round) stopped them")
        }

        let teardown = try Tools.run("coordinator", ["teardown", upRun])
        #expect(teardown.exitCode == 0)
        #expect(teardown.output.contains("\(upRun): 5 processes were still running and are stopped now"))
        #expect(entries.allSatisfy { !TestSupport.groupHasLiveMember($0.pgid) })
    }
}
