import BenchConfig
import Foundation
import Glibc
import Testing

@testable import Plugins

/// The local provider's `haproxy` collector and fault injection, against real gunicorn and HAProxy.
@Suite(
    "LocalProvider metrics and faults",
    .timeLimit(.minutes(1)),
    .needsSetUp(LocalTestSupport.isAvailable, LocalTestSupport.skipReason)
)
struct LocalProviderFaultTests {
    @Test func collectorCountsEveryRequestAndSeesAPausedInstanceGoDown() throws {
        let context = LocalTestSupport.makeContext("local-metrics")
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = LocalProvider(context: context)
        defer { provider.teardown() }
        let deployment = try provider.provision(
            LocalTestSupport.config([ClusterConfig(name: "c1", path: "/c1", instanceType: "t2.micro", count: 2)]))
        try provider.waitUntilHealthy(deployment, timeout: .seconds(30))
        let start = HealthPoller.now()
        let (port, path) = try HTTPTestClient.parse(url: deployment.clusters[0].targetURL)
        let client = try HTTPTestClient(port: port)
        for _ in 0..<20 { #expect(try client.get(path).status == 200) }

        // Paused: HAProxy's checks time out (2 s) and mark it down; new requests go to the other instance.
        try provider.inject(.pause, into: "c1-2")
        try waitUntil("HAProxy to mark the paused c1-2 DOWN") { status(of: "c1-2", provider).hasPrefix("DOWN") }
        for _ in 0..<6 { #expect(try client.get(path).headers["x-instance-id"] == "c1-1") }
        try provider.inject(.resume, into: "c1-2")
        try waitUntil("HAProxy to mark the resumed c1-2 UP") { status(of: "c1-2", provider).hasPrefix("UP") }
        let end = HealthPoller.now()

        let collector = try #require(provider.metricsCollector)
        #expect(collector.source == "haproxy")
        let series = try collector.collect(
            MetricsWindow(start: start, end: end, periodSeconds: 1), clusters: deployment.clusters)
        let requests = try #require(series.first("RequestCount", statistic: "Sum", cluster: "c1"))
        #expect(requests.total == 26)
        #expect(series.first("RequestCount", statistic: "Sum", cluster: "c1", target: "c1-1")?.total == 16)
        #expect(series.first("RequestCount", statistic: "Sum", cluster: "c1", target: "c1-2")?.total == 10)
        #expect(series.first("HTTPCode_Target_2XX_Count", statistic: "Sum", cluster: "c1")?.total == 26)
        let healthy = try #require(series.first("HealthyHostCount", statistic: "Minimum", cluster: "c1"))
        #expect(healthy.values.first == 2)
        #expect(healthy.values.contains(1))
        #expect(healthy.values.dropLast().last == 1 || healthy.values.last == 1)
    }

    /// HAProxy's status of server `id` ("UP", "UP 1/2", "DOWN", ...), or "" when stats cannot be read.
    func status(of id: String, _ provider: LocalProvider) -> String {
        guard let socket = provider.state.withLock({ $0.statsSocket }),
            let answer = try? UnixSocketClient.request(path: socket, command: "show stat"),
            let stats = try? HAProxyStats(csv: answer)
        else { return "" }
        return stats.rows.first { $0.service == id }?.status ?? ""
    }

    @Test func killedInstanceIsRedispatchedAndTeardownIsQuiet() throws {
        let log = LocalTestSupport.LogLines()
        let context = LocalTestSupport.makeContext("local-kill", log: log)
        defer { TestSupport.removeDirectory(context.runDirectory) }
        let provider = LocalProvider(context: context)
        defer { provider.teardown() }
        let deployment = try provider.provision(
            LocalTestSupport.config([ClusterConfig(name: "c1", path: "/c1", instanceType: "t2.micro", count: 2)]))
        try provider.waitUntilHealthy(deployment, timeout: .seconds(30))
        let (port, path) = try HTTPTestClient.parse(url: deployment.clusters[0].targetURL)
        let client = try HTTPTestClient(port: port)
        for _ in 0..<4 { #expect(try client.get(path).status == 200) }
        try provider.inject(.kill, into: "c1-1")
        // Before HAProxy's checks notice, requests for c1-1 fail to connect and are redispatched to c1-2.
        for _ in 0..<4 { #expect(try client.get(path).headers["x-instance-id"] == "c1-2") }
        try waitUntil("HAProxy to mark the killed c1-1 DOWN") { status(of: "c1-1", provider).hasPrefix("DOWN") }
        let error = #expect(throws: ProviderError.self) { try provider.inject(.kill, into: "c1-9") }
        #expect(error?.description == "no instance c1-9 is running in run test-local-kill")
        provider.teardown()
        #expect(!log.all.contains { $0.contains("had to be killed") })
        let lines = try String(contentsOfFile: provider.logPath(of: "haproxy"), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("CB1 ") }
        #expect(lines.count == 8)
        #expect(lines.allSatisfy { $0.split(separator: " ")[4] == "200" })
    }
}
