import BalancerMetrics
import ChildProcesses
import Foundation
import Testing

/// `coordinator run` with the local provider's `haproxy` collector and with a fault, for real: gunicorn, HAProxy,
/// agents over ZeroMQ. Checks the collector's series against the agents' counts and against HAProxy's own log.
@Suite(.serialized, .needsSetUp(LocalTestSupport.isAvailable, LocalTestSupport.skipReason))
struct MetricsRunTests {
    @Test(.timeLimit(.minutes(3))) func collectorSeriesAgreeWithTheAgentsAndHAProxysLog() throws {
        let results = RunFixtures.makeResultsDirectory("metrics-run")
        defer { TestSupport.removeDirectory(results) }
        let result = try Tools.run(
            "coordinator", ["run", RunFixtures.path("metrics.json"), "--results-dir", results], timeout: .seconds(150))
        #expect(result.exitCode == 0, "coordinator output:\n\(result.output)")
        let runDirectory = try RunFixtures.runDirectory(in: results)
        defer { stopLeftovers(runDirectory) }
        let report = try RunFixtures.report(runDirectory)
        let metrics = try RunFixtures.metrics(runDirectory)
        let logged = try RunFixtures.haproxyRequests(runDirectory)
        #expect(report.outcome == "completed")
        #expect(metrics.source == "haproxy" && metrics.periodSeconds == 1)
        #expect(result.output.contains("load-balancer metrics (haproxy): "))
        let csv = try String(contentsOfFile: runDirectory + "/metrics.csv", encoding: .utf8)
        #expect(csv.hasPrefix(MetricsDocument.csvHeader + "\n"))
        #expect(csv.split(separator: "\n").count == 1 + metrics.series.reduce(0) { $0 + $1.values.count })

        for cluster in report.clusters {
            #expect(cluster.completed == 120 && cluster.failed == 0)
            let series = metrics.series.filter { $0.cluster == cluster.name }
            let requests = try #require(series.first("RequestCount", statistic: "Sum", cluster: cluster.name))
            let healthy = try #require(series.first("HealthyHostCount", statistic: "Average", cluster: cluster.name))
            let perTarget = try #require(series.first("RequestCountPerTarget", statistic: "Sum", cluster: cluster.name))
            #expect(requests.timestamps.allSatisfy { $0 % 1 == 0 } && requests.timestamps == healthy.timestamps)
            #expect(zip(requests.timestamps, requests.timestamps.dropFirst()).allSatisfy { $1 - $0 == 1 })

            // The balancer counted exactly what the agents completed, and the targets' counts add up to it.
            #expect(Int(requests.total) == cluster.completed)
            let targets = series.filter { $0.name == "RequestCount" && $0.target != nil }
            #expect(targets.count == cluster.instanceCount)
            #expect(Int(targets.reduce(0) { $0 + $1.total }) == Int(requests.total))
            for period in requests.values.indices {
                #expect(targets.reduce(0) { $0 + $1.values[period] } == requests.values[period])
            }
            // RequestCountPerTarget is RequestCount over the healthy targets, period by period.
            for period in requests.values.indices {
                #expect(healthy.values[period] == Double(cluster.instanceCount))
                #expect(abs(perTarget.values[period] - requests.values[period] / healthy.values[period]) < 1e-9)
            }
            // Round robin over one request at a time: every target within one of the mean.
            let mean = requests.total / Double(cluster.instanceCount)
            for target in targets { #expect(abs(target.total - mean) <= 1, "\(target.target ?? "") \(target.total)") }

            // TargetResponseTime agrees with the mean of HAProxy's Tr, computed here from the log itself.
            let times = logged.filter { $0.backend == cluster.name && $0.server != "<NOSRV>" && $0.tr >= 0 }.map(\.tr)
            #expect(times.count == cluster.completed)
            let logMean = Double(times.reduce(0, +)) / Double(times.count) / 1000
            let average = try #require(series.first("TargetResponseTime", statistic: "Average", cluster: cluster.name))
            let answered = try #require(
                series.first("HTTPCode_Target_2XX_Count", statistic: "Sum", cluster: cluster.name))
            let weighted = zip(average.values, answered.values).reduce(0) { $0 + $1.0 * $1.1 } / answered.total
            #expect(abs(weighted - logMean) < 1e-9)

            // report.json carries the summary beside the stats-socket view.
            let summary = try #require(cluster.loadBalancer?.series)
            #expect(summary.requestCount == cluster.completed)
            #expect(summary.perTarget.values.reduce(0, +) == summary.requestCount)
            #expect(abs(summary.targetResponseTimeMilliseconds - logMean * 1000) < 1e-6)
            #expect(summary.targetStatusClasses["2xx"] == cluster.completed && summary.balancer5xx == 0)
            #expect(summary.minimumHealthyHosts == cluster.instanceCount)
            #expect(cluster.loadBalancer?.requests == cluster.completed)
        }
    }

    @Test(.timeLimit(.minutes(3))) func killedInstanceLowersHealthyHostCountAndTheRunCompletes() throws {
        let results = RunFixtures.makeResultsDirectory("fault-run")
        defer { TestSupport.removeDirectory(results) }
        let result = try Tools.run(
            "coordinator", ["run", RunFixtures.path("fault-kill.json"), "--results-dir", results],
            timeout: .seconds(150))
        #expect(result.exitCode == 0, "coordinator output:\n\(result.output)")
        let runDirectory = try RunFixtures.runDirectory(in: results)
        defer { stopLeftovers(runDirectory) }
        let report = try RunFixtures.report(runDirectory)
        #expect(report.outcome == "completed")
        #expect(result.output.contains("fault: kill cluster1-1 at "))

        let fault = try #require(report.faults.first)
        #expect(report.faults.count == 1)
        #expect(fault.action == "kill" && fault.instance == "cluster1-1" && fault.atSeconds == 1 && fault.error == nil)
        let killedAt = try #require(fault.injectedAt)

        // The clients' view: HAProxy redispatched, so every request still succeeded.
        let cluster = try #require(report.clusters.first)
        #expect(cluster.completed == 100 && cluster.failed == 0)

        // The balancer's view: one host fewer from the period after the kill on.
        let metrics = try RunFixtures.metrics(runDirectory)
        let healthy = try #require(metrics.series.first("HealthyHostCount", statistic: "Average", cluster: "cluster1"))
        let killPeriod = try #require(healthy.timestamps.firstIndex(of: Int(killedAt.rounded(.down))))
        #expect(healthy.values[..<killPeriod].allSatisfy { $0 == 3 })
        try #require(healthy.values.count > killPeriod + 1)
        #expect(healthy.values[killPeriod + 1] < 3)
        #expect(healthy.values.last == 2)
        let killed = try #require(
            metrics.series.first("RequestCount", statistic: "Sum", cluster: "cluster1", target: "cluster1-1"))
        #expect(killed.values[(killPeriod + 1)...].allSatisfy { $0 == 0 })
        let requests = try #require(metrics.series.first("RequestCount", statistic: "Sum", cluster: "cluster1"))
        #expect(Int(requests.total) == 100)
        #expect(cluster.loadBalancer?.series?.minimumHealthyHosts == 2)
    }

    /// Stops whatever a failed run might have left (nothing, when teardown worked).
    func stopLeftovers(_ runDirectory: String) {
        _ = ProcessJournal.stopAll(listedIn: runDirectory + "/processes.jsonl", grace: .seconds(1))
    }
}
