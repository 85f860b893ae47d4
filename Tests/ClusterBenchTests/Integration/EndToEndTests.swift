import ChildProcesses
import Foundation
import HdrCodec
import Testing

/// `coordinator run config/small.json` for real: gunicorn, HAProxy, two spawned agents over ZeroMQ.
@Suite(.serialized) struct EndToEndTests {
    struct Report: Decodable {
        struct Cluster: Decodable {
            struct Balancer: Decodable {
                var requests: Int
                var perInstance: [String: Int]
                var healthyInstances: Int
            }
            struct Latency: Decodable {
                var count: Int
                var p50: Double
                var p99: Double
                var max: Double
            }
            var name: String
            var instanceCount: Int
            var requested: Int
            var sent: Int
            var completed: Int
            var failed: Int
            var perInstance: [String: Int]
            var loadBalancer: Balancer?
            var latencyMilliseconds: Latency
            var timeline: [TimelinePoint]
        }
        struct TimelinePoint: Decodable { var requests: Int }
        struct Agent: Decodable { var name: String }
        var outcome: String
        var agents: [Agent]
        var clusters: [Cluster]
    }

    @Test(.timeLimit(.minutes(3))) func smallConfigRunsEndToEndAndLeavesNothingBehind() throws {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("cb-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        let result = try Tools.run("coordinator", ["run", "config/small.json", "--results-dir", results], timeout: .seconds(150))
        #expect(result.exitCode == 0, "coordinator output:\n\(result.output)")

        let runs = try FileManager.default.contentsOfDirectory(atPath: results)
        try #require(runs.count == 1)
        let runDirectory = results + "/" + runs[0]
        let report = try JSONDecoder().decode(
            Report.self, from: Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json")))
        #expect(report.outcome == "completed")
        #expect(report.agents.map(\.name).sorted() == ["agent-1", "agent-2"])
        #expect(report.clusters.map(\.name) == ["cluster1", "cluster2"])
        for cluster in report.clusters {
            // Flows A [40] and B [20, pause, 30]: exactly 90 requests per cluster, all answered.
            #expect(cluster.requested == 90)
            #expect(cluster.sent == 90)
            #expect(cluster.completed == 90)
            #expect(cluster.failed == 0)
            #expect(cluster.latencyMilliseconds.count == 90)
            #expect(cluster.latencyMilliseconds.p50 > 0 && cluster.latencyMilliseconds.p50 <= cluster.latencyMilliseconds.p99)
            #expect(cluster.timeline.reduce(0) { $0 + $1.requests } == 90)
            // HAProxy's own count, read from its stats socket, equals the agents' count.
            let balancer = try #require(cluster.loadBalancer)
            #expect(balancer.requests == cluster.completed)
            #expect(balancer.healthyInstances == 2)
            #expect(balancer.perInstance.values.reduce(0, +) == balancer.requests)
            // Every instance served: the agents saw each instance id, and HAProxy counted each server.
            #expect(cluster.perInstance.keys.sorted() == ["\(cluster.name)-1", "\(cluster.name)-2"])
            #expect(cluster.perInstance.values.allSatisfy { $0 > 0 })
            #expect(cluster.perInstance == balancer.perInstance)
        }
        #expect(result.output.contains("cluster1 (flows): 90/90 requests, 0 failed"))
        #expect(result.output.contains("balancer count"))

        // Each cluster's interval log, in the standard format: latency lines (untagged) and service-time lines
        // (tagged) each add up to every request of the cluster.
        for cluster in report.clusters {
            let log = try IntervalLog.read(path: runDirectory + "/\(cluster.name).hlog")
            let latency = log.intervals.filter { $0.tag == nil }
            let service = log.intervals.filter { $0.tag == "service" }
            #expect(latency.reduce(0) { $0 + $1.histogram.totalCount } == 90)
            #expect(service.reduce(0) { $0 + $1.histogram.totalCount } == 90)
            #expect(latency.count == service.count)
            #expect(latency.allSatisfy { $0.start >= 0 && $0.length > 0 })
        }

        // The agents left on the coordinator's SHUTDOWN, not by their dead-man switch.
        for index in 1...2 {
            let log = try String(contentsOfFile: runDirectory + "/logs/agent-\(index).log", encoding: .utf8)
            #expect(!log.contains("no word from the coordinator"), "agent-\(index): \(log)")
        }

        // Teardown: every process the run started (2 agents, 4 gunicorn, 1 haproxy) is gone.
        let entries = try ProcessJournal(path: runDirectory + "/processes.jsonl").entries()
        #expect(entries.count == 7)
        for entry in entries { #expect(!TestSupport.groupHasLiveMember(entry.pgid), "left running: \(entry.command)") }
    }
}
