import BalancerMetrics
import Foundation

/// The run configs of `Fixtures/runs/` and what a finished run left in its folder.
enum RunFixtures {
    /// The absolute path of `Fixtures/runs/<name>`.
    static func path(_ name: String) -> String {
        BadConfigCases.testsDirectory + "/Fixtures/runs/" + name
    }

    /// A results folder under /tmp for one test.
    static func makeResultsDirectory(_ label: String) -> String {
        TestSupport.makeTemporaryDirectory(label)
    }

    /// The one run folder in `results`.
    static func runDirectory(in results: String) throws -> String {
        let runs = try FileManager.default.contentsOfDirectory(atPath: results)
        guard runs.count == 1 else {
            throw Failure(description: "expected one run folder in \(results), found \(runs)")
        }
        return results + "/" + runs[0]
    }

    /// `metrics.json` of a run folder.
    static func metrics(_ runDirectory: String) throws -> MetricsDocument {
        try JSONDecoder().decode(
            MetricsDocument.self, from: Data(contentsOf: URL(fileURLWithPath: runDirectory + "/metrics.json")))
    }

    /// `report.json` of a run folder, as the tests read it.
    static func report(_ runDirectory: String) throws -> Report {
        try JSONDecoder().decode(
            Report.self, from: Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json")))
    }

    /// The fields of report.json these tests check.
    struct Report: Decodable {
        struct Cluster: Decodable {
            struct Balancer: Decodable {
                struct Series: Decodable {
                    var source: String
                    var periodSeconds: Int
                    var requestCount: Int
                    var perTarget: [String: Int]
                    var targetResponseTimeMilliseconds: Double
                    var targetStatusClasses: [String: Int]
                    var balancer5xx: Int
                    var minimumHealthyHosts: Int
                }
                var requests: Int
                var series: Series?
            }
            var name: String
            var instanceCount: Int
            var sent: Int
            var completed: Int
            var failed: Int
            var perInstance: [String: Int]
            var loadBalancer: Balancer?
        }
        struct Fault: Decodable {
            var action: String
            var cluster: String
            var instance: String
            var atSeconds: Double
            var injectedAfterSeconds: Double?
            var injectedAt: Double?
            var error: String?
        }
        var outcome: String
        var provider: String
        var clusters: [Cluster]
        var faults: [Fault]
    }

    /// The request lines of HAProxy's log: backend, server and server time `Tr` in ms, parsed here on their own
    /// (not with the provider's parser), to check the collector against.
    static func haproxyRequests(_ runDirectory: String) throws -> [(backend: String, server: String, tr: Int)] {
        let text = try String(contentsOfFile: runDirectory + "/logs/haproxy.log", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.first == "CB1", fields.count == 13, let tr = Int(fields[8]) else { return nil }
            return (String(fields[2]), String(fields[3]), tr)
        }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }
}
