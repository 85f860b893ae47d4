import ChildProcesses
import Foundation
import Testing
import Wire

/// An agent killed with SIGKILL in the middle of a phase: its remainder goes to the agent left, what it reported is
/// kept, and every requested request is completed, failed, or named as sent but never reported.
@Suite struct LostAgentTests {
    @Test(.timeLimit(.minutes(3)))
    func anAgentKilledMidPhaseHasItsRemainderReplannedAndEveryRequestAccountedFor() throws {
        let server = try TestServer()
        defer { server.stop() }
        let directory = TestSupport.makeTemporaryDirectory("lost-agent")
        defer { TestSupport.removeDirectory(directory) }
        let config = directory + "/lost.json"
        // Each request takes 20 ms at the target: one agent gets flow A (200), the other flow B (150), per cluster.
        try """
        {
          "name": "lost-agent",
          "provider": {"name": "static", "healthTimeout": "10s",
                       "urls": {"cluster1": "\(server.baseURL)/slow/20", "cluster2": "\(server.baseURL)/slow/20"}},
          "clusters": [
            {"name": "cluster1", "path": "/cluster1", "instanceType": "t2.micro", "count": 1},
            {"name": "cluster2", "path": "/cluster2", "instanceType": "t2.micro", "count": 1}
          ],
          "load": {"flows": [{"name": "A", "steps": [{"requests": 200}]}, {"name": "B", "steps": [{"requests": 150}]}],
                   "reportInterval": "100ms"},
          "agents": {"spawn": 2}
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)

        let coordinator = try CoordinatorUnderTest(config: config, directory: directory)
        let output = coordinator.output

        // Phase 1's first progress line (2 s into its 4) says both agents' reports are coming in: kill agent-1.
        coordinator.waitFor("cluster1 (flows): ")
        let runDirectory = try coordinator.runDirectory()
        #expect(kill(try coordinator.agentPID("agent-1"), SIGKILL) == 0)

        let termination = coordinator.process.waitForExit(timeout: .seconds(120))
        #expect(termination == .exited(0), "\(output())")
        #expect(output().contains("agent agent-1 lost during phase 1 (its process exited); "))

        let data = try Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(report["outcome"] as? String == "completed")
        let agents = try #require(report["agents"] as? [[String: Any]])
        #expect(agents.map { $0["name"] as? String } == ["agent-1", "agent-2"])
        let lost = agents[0]
        #expect(lost["lost"] as? String == "its process exited")
        #expect(lost["lostInPhase"] as? Int == 1)
        #expect(agents[1]["lost"] == nil)
        let window = try #require(lost["lostWindowSeconds"] as? [Double])
        #expect(window.count == 2 && window[0] <= window[1])
        let unreported = lost["sentUnreported"] as? [String: Int] ?? [:]
        let replanned = try #require(lost["replannedRequests"] as? [String: Int])
        // agent-1 had flow A (200) or B (150) of cluster1: some of it was done, the rest went to agent-2; one
        // request at a time, so at most one was sent and never reported.
        let moved = try #require(replanned["cluster1"])
        #expect(moved > 0 && moved < 200, "\(output())")
        let unreportedFirst = unreported["cluster1"] ?? 0
        #expect(unreportedFirst <= 1)
        #expect(output().contains("\(unreportedFirst) requests sent but never reported; re-planned \(moved) requests "
            + "over 1 agents (epoch 2)"))

        let clusters = try #require(report["clusters"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: clusters.map { ($0["name"] as? String ?? "", $0) })
        for (name, cluster) in byName {
            let completed = cluster["completed"] as? Int ?? -1
            let failed = cluster["failed"] as? Int ?? -1
            #expect(cluster["requested"] as? Int == 350)
            #expect(completed + failed + (unreported[name] ?? 0) == 350, "\(name): \(cluster)")
        }
        // Phase 2 ran on agent-2 alone, all of it.
        #expect(byName["cluster2"]?["completed"] as? Int == 350)
        #expect(unreported["cluster2"] == nil)
        for entry in try ProcessJournal(path: runDirectory + "/processes.jsonl").entries() {
            #expect(!TestSupport.groupHasLiveMember(entry.pgid), "left running: \(entry.command)")
        }
    }

}
