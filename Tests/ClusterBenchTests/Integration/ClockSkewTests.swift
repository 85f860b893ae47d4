import ChildProcesses
import Foundation
import HdrCodec
import Testing

/// Two agents whose clocks differ from the coordinator's by +3 s and -1.5 s (the agents' test hook shifts every
/// reading they put on the wire): the coordinator measures each offset within its stated uncertainty, both shards
/// begin at one instant (without correction they would begin 4.5 s apart), and the interval reports land on the
/// timeline by the corrected clock (without correction they would spread over 4.5 s more than the load lasted).
@Suite struct ClockSkewTests {
    static let skews: [String: Double] = ["agent-1": 3000, "agent-2": -1500]

    @Test(.timeLimit(.minutes(3))) func skewedAgentClocksAreMeasuredAndStartTogether() throws {
        let server = try TestServer()
        defer { server.stop() }
        let directory = TestSupport.makeTemporaryDirectory("clock-skew")
        defer { TestSupport.removeDirectory(directory) }
        let config = directory + "/skew.json"
        try """
        {
          "name": "clock-skew",
          "provider": {"name": "static", "healthTimeout": "10s", "urls": {"cluster1": "\(server.baseURL)/x"}},
          "clusters": [{"name": "cluster1", "path": "/cluster1", "instanceType": "t2.micro", "count": 1}],
          "load": {"model": "open", "open": {"rate": 100, "duration": "2s", "maxInFlight": 50},
                   "reportInterval": "100ms"},
          "agents": {"spawn": 2}
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = directory + "/coordinator.log"
        let coordinator = try ChildProcess.spawn(
            Tools.path("coordinator"), arguments: ["run", config, "--results-dir", directory + "/results"],
            environment: ["CLUSTERBENCH_TEST_CLOCK_SKEW_NS": "3000000000@agent-1,-1500000000@agent-2"],
            workingDirectory: TestSupport.projectRoot, outputFile: log)
        defer { coordinator.terminate(grace: .seconds(5)) }
        let output = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        #expect(coordinator.waitForExit(timeout: .seconds(120)) == .exited(0), "\(output())")

        let runDirectory = try RunFixtures.runDirectory(in: directory + "/results")
        let data = try Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let agents = try #require(report["agents"] as? [[String: Any]])
        #expect(agents.count == 2)
        for agent in agents {
            let name = agent["name"] as? String ?? "?"
            let offset = try #require(agent["clockOffsetMilliseconds"] as? Double, "\(name): \(agent)")
            let uncertainty = try #require(agent["clockUncertaintyMilliseconds"] as? Double)
            let skew = try #require(Self.skews[name])
            // The true offset is the injected skew (one host, one CLOCK_MONOTONIC); report.json rounds to 1 µs.
            #expect(abs(offset - skew) <= uncertainty + 0.002, "\(name): offset \(offset) ms ± \(uncertainty) ms")
            #expect(uncertainty < 500, "\(name): uncertainty \(uncertainty) ms")
            let deviation = try #require(agent["startDeviationMilliseconds"] as? Double)
            #expect(abs(deviation) < 100, "\(name) began \(deviation) ms off the instant")
        }
        let wire = try #require(report["wire"] as? [String: Any])
        let starts = try #require(wire["starts"] as? [[String: Any]])
        #expect(starts.count == 1)
        #expect(starts.first?["agents"] as? Int == 2)
        // Without correction the two would begin 4 500 ms apart.
        let skew = try #require(starts.first?["skewMilliseconds"] as? Double)
        #expect(skew >= 0 && skew < 100, "start skew \(skew) ms")

        // Every arrival was sent or dropped, and the timeline spans the 2 s of load, not 2 s + 4.5 s.
        let clusters = try #require(report["clusters"] as? [[String: Any]])
        let sent = clusters.first?["sent"] as? Int ?? 0
        #expect(sent + (clusters.first?["dropped"] as? Int ?? 0) == 200)
        let intervals = try IntervalLog.read(path: runDirectory + "/cluster1.hlog").intervals.filter { $0.tag == nil }
        let first = try #require(intervals.map(\.start).min())
        let last = try #require(intervals.map { $0.start + $0.length }.max())
        #expect(last - first < 3.5, "intervals span \(first) s to \(last) s")
        #expect(intervals.reduce(0) { $0 + Int($1.histogram.totalCount) } == sent)
    }
}
