import ChildProcesses
import Foundation
@testable import LoadEngine
import Testing
import Wire

/// Every request needs a socket, and every socket is a file: the agent raises its soft open-file limit to the hard
/// one (a stock Debian soft limit is 1,024), and a shard that cannot have a socket per connection within the limit
/// fails its set-up with a message naming the limit, instead of running and counting `EMFILE` as `other` errors. An
/// open model's in-flight cap is lowered to fit, with a warning.
@Suite struct OpenFileLimitTests {
    func closed(_ connections: Int) -> ShardLoad { .closed(ShardClosed(connections: connections, requests: 10)) }

    func open(_ cap: Int) -> ShardLoad { EngineHarness.open(rate: 10, milliseconds: 100, maxInFlight: cap) }

    @Test func aShardThatFitsIsUntouched() throws {
        let shard = EngineHarness.shard([("http://127.0.0.1:1/", closed(100)), ("http://127.0.0.1:1/", open(100))])
        let (fitted, warnings) = try DescriptorLimit.fit(shard, limit: 264)
        #expect(fitted == shard)
        #expect(warnings == [])
    }

    @Test func connectionsBeyondTheLimitFailWithTheLimitNamed() throws {
        let shard = EngineHarness.shard([("http://127.0.0.1:1/", closed(300)), ("http://127.0.0.1:1/", open(50))])
        #expect {
            try DescriptorLimit.fit(shard, limit: 300)
        } throws: { error in
            "\(error)" == "the shard needs 301 sockets at least (300 connections and flows, one per open target) but "
                + "this agent may open 300 files (ulimit -n; 64 kept for itself): raise the limit or spread the load "
                + "over more agents"
        }
    }

    @Test func openCapsAreLoweredInProportionWithAWarning() throws {
        // 1064 files: 1000 for the load; 400 connections leave 600 for caps of 1200 and 600 (1800 in all).
        let shard = EngineHarness.shard(
            [("http://127.0.0.1:1/", closed(400)), ("http://127.0.0.1:1/", open(1200)), ("http://127.0.0.1:1/", open(600))])
        let (fitted, warnings) = try DescriptorLimit.fit(shard, limit: 1064)
        #expect(fitted.targets.map { LoadEngine.slots($0.load) } == [400, 400, 200])
        #expect(warnings == [
            "this agent may open 1064 files (ulimit -n): its open-model in-flight cap of 1800 is lowered to 600 so "
                + "that every request has a socket; raise the limit to keep it"
        ])
    }

    @Test(.timeLimit(.minutes(1))) func theEngineRunsTheFittedShard() throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = ReportSink()
        let shard = EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 200, milliseconds: 500, maxInFlight: 5000))])
        let engine = try LoadEngine(shard: shard, openFileLimit: 100) { sink.append($0) }
        #expect(engine.warnings.count == 1)
        engine.start()
        #expect(engine.waitUntilFinished(timeout: .seconds(20)))
        #expect(sink.totals()[0]?.sent == 100)
        #expect(sink.totals()[0]?.statusClasses == ["2xx": 100])
    }

    /// The soft and hard open-file limits of process `pid`, from /proc.
    static func limits(of pid: Int32) throws -> (soft: Int, hard: Int) {
        let text = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let numbers = line.split(separator: " ").compactMap { Int($0) }
        return (numbers[0], numbers[1])
    }

    @Test(.timeLimit(.minutes(1))) func theAgentRaisesItsSoftLimitAndRefusesAShardBeyondIt() throws {
        // prlimit execs the agent in its own process: 256 files allowed at first, up to 512.
        let agent = try AgentUnderTest(["/usr/bin/prlimit", "--nofile=256:512", Tools.path("agent")])
        #expect(try Self.limits(of: agent.process.pid) == (512, 512))
        try agent.send(.welcome(Welcome(protocolVersion: WireProtocol.version, heartbeatIntervalMilliseconds: 1000, heartbeatLiveness: 10)))
        let shard = ShardAssignment(
            shardID: "big", epoch: 1, targets: [ShardTarget(cluster: "c", url: "http://127.0.0.1:1/", load: closed(1000))],
            requestTimeoutMilliseconds: 5000, reportIntervalMilliseconds: 100)
        try agent.send(.shard(shard))
        // Heartbeats may come first; the answer to the shard is FAILED, not READY.
        var reason: String?
        for _ in 0..<50 where reason == nil {
            switch try agent.next() {
            case .failed(let failure): reason = failure.reason
            case .ready: reason = "READY: a shard of 1000 connections was accepted with 512 files"
            default: continue
            }
        }
        #expect(reason?.contains("the shard needs 1000 sockets at least (1000 connections and flows) but this agent may open 512 files (ulimit -n;") == true, "\(reason ?? "none")")
        try agent.send(.shutdown)
        #expect(agent.process.waitForExit(timeout: .seconds(10)) == .exited(0))
    }
}
