import ChildProcesses
import Foundation
import Testing

/// `coordinator run` with the closed and the open model for real: gunicorn, HAProxy, two agents over ZeroMQ.
@Suite(.serialized) struct ModelEndToEndTests {
    struct Report: Decodable {
        struct Cluster: Decodable {
            struct Balancer: Decodable { var requests: Int }
            struct Latency: Decodable { var count: Int; var p99: Double }
            struct Load: Decodable { var model: String; var connections: Int?; var maxInFlight: Int?; var engine: String? }
            var name: String
            var load: Load
            var requested: Int?
            var sent: Int
            var completed: Int
            var failed: Int
            var late: Int
            var dropped: Int
            var intendedRatePerSecond: Double?
            var achievedRatePerSecond: Double?
            var loadBalancer: Balancer?
            var latencyMilliseconds: Latency
            var serviceTimeMilliseconds: Latency
        }
        var schema: String
        var outcome: String
        var clusters: [Cluster]
    }

    /// Runs `config` and returns its report, the coordinator's output and the agents' logs, joined; everything it
    /// started must be gone afterwards.
    static func run(_ config: String) throws -> (Report, String, String)? {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("cb-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        let result = try Tools.run("coordinator", ["run", config, "--results-dir", results], timeout: .seconds(120))
        #expect(result.exitCode == 0, "coordinator output:\n\(result.output)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: results)
        try #require(runs.count == 1)
        let runDirectory = results + "/" + runs[0]
        let report = try JSONDecoder().decode(
            Report.self, from: Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json")))
        let entries = try ProcessJournal(path: runDirectory + "/processes.jsonl").entries()
        #expect(entries.count == 7)
        for entry in entries { #expect(!TestSupport.groupHasLiveMember(entry.pgid), "left running: \(entry.command)") }
        #expect(result.output.contains("model"))
        let logs = try FileManager.default.contentsOfDirectory(atPath: runDirectory + "/logs").sorted()
            .filter { $0.hasPrefix("agent-") }
            .map { try String(contentsOfFile: runDirectory + "/logs/" + $0, encoding: .utf8) }
        return (report, result.output, logs.joined(separator: "\n"))
    }

    /// The closed run under the default engine (`auto`: the fast path, every target being http://) and under
    /// libcurl, chosen in the config.
    @Test(.timeLimit(.minutes(3)), arguments: [nil, "curl"])
    func closedSendsExactlyTheRequestedCount(engine: String?) throws {
        var config = "config/small-closed.json"
        if let engine {
            let text = try String(contentsOfFile: TestSupport.projectRoot + "/" + config, encoding: .utf8)
            config = FileManager.default.temporaryDirectory.appendingPathComponent("cb-closed-\(engine).json").path
            try text.replacingOccurrences(of: #""schedule": "sequential","#, with: #""schedule": "sequential", "engine": "\#(engine)","#)
                .write(toFile: config, atomically: true, encoding: .utf8)
        }
        defer { if engine != nil { try? FileManager.default.removeItem(atPath: config) } }
        let (report, output, _) = try #require(try Self.run(config))
        #expect(report.schema == "clusterbench.report/3")
        #expect(report.outcome == "completed")
        #expect(output.contains("engine") && output.contains(engine ?? "fast"))
        for cluster in report.clusters {
            #expect(cluster.load.engine == engine ?? "fast")
            #expect(cluster.load.model == "closed")
            #expect(cluster.load.connections == 4)
            #expect(cluster.requested == 200)
            #expect(cluster.sent == 200)
            #expect(cluster.completed == 200)
            #expect(cluster.failed == 0)
            #expect(cluster.late == 0 && cluster.dropped == 0)
            #expect(cluster.latencyMilliseconds.count == 200)
            #expect(cluster.serviceTimeMilliseconds.count == 200)
            #expect(cluster.loadBalancer?.requests == cluster.completed)
        }
        #expect(output.contains("cluster1 (closed): 200/200 requests, 0 failed"))
    }

    @Test(.timeLimit(.minutes(3))) func openAccountsForEveryScheduledArrival() throws {
        let (report, output, logs) = try #require(try Self.run("config/small-open.json"))
        #expect(report.outcome == "completed")
        #expect(report.clusters.map(\.requested) == [200, 150])
        for cluster in report.clusters {
            #expect(cluster.load.engine == "fast")
            #expect(cluster.load.model == "open")
            // Every arrival is either sent or dropped at the cap: exactly rate x duration.
            #expect(cluster.sent + cluster.dropped == cluster.requested)
            #expect(cluster.completed + cluster.failed == cluster.sent)
            #expect(cluster.latencyMilliseconds.count == cluster.sent)
            #expect(cluster.serviceTimeMilliseconds.count == cluster.sent)
            // HAProxy's own count equals the agents' completed count.
            #expect(cluster.loadBalancer?.requests == cluster.completed)
            // Latency from the due time is never below the service time from the send.
            #expect(cluster.latencyMilliseconds.p99 >= cluster.serviceTimeMilliseconds.p99)
        }
        #expect(report.clusters[0].intendedRatePerSecond == 100)
        #expect(report.clusters[1].intendedRatePerSecond == 75)
        #expect(report.clusters[0].load.maxInFlight == 200)
        // cluster1's 20 connections opened before the start, 10 by each agent, and none of cluster2's.
        #expect(report.clusters[0].load.connections == 20)
        #expect(report.clusters[1].load.connections == nil)
        #expect(logs.components(separatedBy: "opened 10 connections before the start in ").count - 1 == 2, "\(logs)")
        #expect(output.contains("cluster1 (open): "))
        #expect(output.contains("late"))
        #expect(output.contains("service p99 (ms)"))
    }
}
