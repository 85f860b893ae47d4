import Foundation
import Testing

/// The coordinator's progress lines, read from a real run's console: during a flow's pause the last interval had no
/// response, and the line says so (not "p50 0.00 ms"); the phase's final line counts every request.
@Suite(.serialized) struct ProgressLineTests {
    @Test(.timeLimit(.minutes(2))) func aPauseReadsNoResponsesAndTheFinalLineCountsEverything() throws {
        let server = try TestServer()
        defer { server.stop() }
        let directory = TestSupport.makeTemporaryDirectory("progress-lines")
        defer { TestSupport.removeDirectory(directory) }
        let config = directory + "/pause.json"
        // 30 requests, a 5 s pause (progress lines come every 2 s in a log: at least two fall in it), 30 more.
        try """
        {
          "name": "progress-lines",
          "provider": {"name": "static", "healthTimeout": "10s", "urls": {"cluster1": "\(server.baseURL)/x"}},
          "clusters": [{"name": "cluster1", "path": "/cluster1", "instanceType": "t2.micro", "count": 1}],
          "load": {"flows": [{"name": "A", "steps": [{"requests": 30}, {"pause": "5s"}, {"requests": 30}]}],
                   "reportInterval": "200ms"},
          "agents": {"spawn": 1}
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let coordinator = try CoordinatorUnderTest(config: config, directory: directory)
        #expect(coordinator.process.waitForExit(timeout: .seconds(90)) == .exited(0), "\(coordinator.output())")
        let output = coordinator.output()
        let lines = output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  cluster1 (flows): ") }
        let paused = lines.filter { $0.contains("0 req/s and no responses in the last 200ms") }
        #expect(paused.count >= 2, "\(output)")
        #expect(paused.allSatisfy { $0.hasPrefix("  cluster1 (flows): 30/60 requests, 0 failed, ") }, "\(paused)")
        #expect(!output.contains("p50 0.00 ms"), "\(output)")
        let last = try #require(lines.last)
        #expect(last.hasPrefix("  cluster1 (flows): 60/60 requests, 0 failed, "), "\(last)")
        #expect(last.hasSuffix(" over the phase"), "\(last)")
        // The static provider's health check asks the URL too.
        #expect(try EngineHarness.served(server) >= 60)
    }
}
