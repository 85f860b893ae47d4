import BenchConfig
import BlockingHTTP
import Foundation
import LoadEngine
import Synchronization
import Testing
import Wire

/// Collects an engine's reports from its thread.
final class ReportSink: Sendable {
    let reports = Mutex<[IntervalReport]>([])

    func append(_ report: IntervalReport) { reports.withLock { $0.append(report) } }

    var all: [IntervalReport] { reports.withLock { $0 } }

    /// Sums every report's counters per target index.
    func totals() -> [Int: TargetCounters] {
        var totals: [Int: TargetCounters] = [:]
        for report in all {
            for counters in report.targets {
                totals[counters.target, default: TargetCounters(target: counters.target)].add(counters)
            }
        }
        return totals
    }

    /// Every histogram pair merged per target index.
    func histograms() -> [Int: TargetHistograms] {
        var merged: [Int: TargetHistograms] = [:]
        for report in all {
            for (counters, pair) in zip(report.targets, report.histograms) {
                merged[counters.target, default: .empty()].add(pair)
            }
        }
        return merged
    }

    func latencyCount() -> UInt64 { all.flatMap(\.histograms).reduce(0) { $0 + $1.latency.totalCount } }
    func serviceCount() -> UInt64 { all.flatMap(\.histograms).reduce(0) { $0 + $1.service.totalCount } }
}

/// Holds the engine thread on purpose: called from `emit` (which runs on the engine thread), `hold` sleeps there for
/// a set time and records when it began and ended, in `MonotonicClock` nanoseconds.
final class EngineStall: Sendable {
    private let seconds: Double
    private let recorded = Mutex<(from: UInt64, to: UInt64)?>(nil)

    init(seconds: Double) { self.seconds = seconds }

    /// When the stall began and ended, once it has happened.
    var window: (from: UInt64, to: UInt64)? { recorded.withLock { $0 } }

    func hold() {
        let from = MonotonicClock.now()
        Thread.sleep(forTimeInterval: seconds)
        let to = MonotonicClock.now()
        recorded.withLock { $0 = (from, to) }
    }
}

extension EngineChoice {
    /// The engines every load-engine test runs on: the fast path and libcurl.
    static let tested: [EngineChoice] = [.fast, .curl]
}

/// Builds shards for engine tests and runs them to the end.
enum EngineHarness {
    static func shard(
        _ targets: [(url: String, load: ShardLoad)], timeoutMilliseconds: Int = 10_000, engine: EngineChoice = .auto
    ) -> ShardAssignment {
        ShardAssignment(
            shardID: "t", epoch: 1,
            targets: targets.enumerated().map { ShardTarget(cluster: "c\($0.offset)", url: $0.element.url, load: $0.element.load) },
            requestTimeoutMilliseconds: timeoutMilliseconds, reportIntervalMilliseconds: 100, engine: engine)
    }

    static func flows(_ flows: [[FlowStep]]) -> ShardLoad {
        .flows(flows.enumerated().map { ShardFlow(name: "f\($0.offset)", steps: $0.element.map(WireStep.init)) })
    }

    static func open(
        rate: Double, milliseconds: Int, maxInFlight: Int = 1000, agent: Int = 0, of agents: Int = 1,
        connections: Int? = nil
    ) -> ShardLoad {
        .open(
            ShardOpen(
                schedule: ArrivalSchedule(segments: [.init(fromRate: rate, toRate: rate, duration: .milliseconds(milliseconds))]),
                agentIndex: agent, agentCount: agents, maxInFlight: maxInFlight, connections: connections))
    }

    /// Runs `shard` until its final report (at most `limit`), on the engine the shard names, over `threads` engine
    /// threads (the shard must be able to use them all).
    static func run(_ shard: ShardAssignment, threads: Int = 1, limit: Duration = .seconds(30)) throws -> ReportSink {
        let sink = ReportSink()
        let engine = try LoadEngine(shard: shard, threads: threads) { sink.append($0) }
        #expect(engine.threads == threads)
        engine.start()
        #expect(engine.waitUntilFinished(timeout: limit))
        #expect(sink.all.last?.final == true)
        #expect(sink.all.filter(\.final).count == 1)
        #expect(sink.all.map(\.sequence) == Array(0..<sink.all.count))
        return sink
    }

    /// What the test server has served so far.
    static func served(_ server: TestServer) throws -> Int {
        try number(server, "/__count")
    }

    /// The most requests the test server has handled at the same time so far.
    static func peak(_ server: TestServer) throws -> Int {
        try number(server, "/__peak")
    }

    /// How many client connections are open at the test server now.
    static func openConnections(_ server: TestServer) throws -> Int {
        try number(server, "/__open")
    }

    /// How many client connections the test server has accepted so far (the harness's own questions excluded).
    static func acceptedConnections(_ server: TestServer) throws -> Int {
        try number(server, "/__accepted")
    }

    /// Makes the test server shut down every client connection waiting for its next request; how many it shut.
    static func closeIdleConnections(_ server: TestServer) throws -> Int {
        try number(server, "/__close_idle")
    }

    private static func number(_ server: TestServer, _ path: String) throws -> Int {
        Int(String(decoding: try HTTPClient.get(server.baseURL + path).body, as: UTF8.self)) ?? -1
    }
}
