import Foundation
import Testing

/// `coordinator run` with the static provider against two servers this test starts: the agents' counts are
/// reported, the balancer's are n/a, and the servers are left running.
@Suite struct StaticRunTests {
    @Test(.timeLimit(.minutes(2))) func staticProviderRunsAgainstServersThatAlreadyExist() throws {
        let first = try TestServer()
        defer { first.stop() }
        let second = try TestServer()
        defer { second.stop() }
        let directory = TestSupport.makeTemporaryDirectory("static-run")
        defer { TestSupport.removeDirectory(directory) }
        let config = directory + "/static.json"
        try """
        {
          "name": "static-test",
          "provider": {"name": "static", "healthTimeout": "10s",
                       "urls": {"cluster1": "\(first.baseURL)/cluster1", "cluster2": "\(second.baseURL)/cluster2"}},
          "clusters": [
            {"name": "cluster1", "path": "/cluster1", "instanceType": "t2.micro", "count": 1},
            {"name": "cluster2", "path": "/cluster2", "instanceType": "t2.micro", "count": 1}
          ],
          "load": {"flows": [{"name": "A", "steps": [{"requests": 30}]}, {"name": "B", "steps": [{"requests": 12}]}],
                   "reportInterval": "200ms"},
          "agents": {"spawn": 2}
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try Tools.run("coordinator", ["run", config, "--results-dir", directory + "/results"])
        #expect(result.exitCode == 0, "coordinator output:\n\(result.output)")
        let runDirectory = try RunFixtures.runDirectory(in: directory + "/results")
        let report = try RunFixtures.report(runDirectory)
        #expect(report.outcome == "completed" && report.provider == "static")
        for cluster in report.clusters {
            #expect(cluster.sent == 42 && cluster.completed == 42 && cluster.failed == 0)
            #expect(cluster.perInstance == ["test-1": 42])
            #expect(cluster.loadBalancer == nil)
        }
        // Each server counted what the agents sent it (the provider's probes are counted too, hence >=).
        for server in [first, second] {
            let served = try HTTPTestClient(port: server.port).get("/__count").body
            #expect((Int(served) ?? 0) >= 42 && (Int(served) ?? 0) <= 42 + 5, "served \(served)")
        }
        #expect(result.output.contains("no load-balancer metrics: provider static has no collector"))
        let table = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("balancer count") })
        #expect(table.split(separator: " ") == ["balancer", "count", "n/a", "n/a"])
        #expect(!FileManager.default.fileExists(atPath: runDirectory + "/metrics.json"))
        #expect(first.child.isRunning && second.child.isRunning)
    }
}
