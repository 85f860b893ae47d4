import BenchCore
import Foundation
import LoadEngine
import Synchronization
import Testing

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
                var total = totals[counters.target] ?? TargetCounters(target: counters.target)
                total.sent += counters.sent
                total.statusClasses.merge(counters.statusClasses, uniquingKeysWith: +)
                total.errors.merge(counters.errors, uniquingKeysWith: +)
                total.bytes += counters.bytes
                total.instances.merge(counters.instances, uniquingKeysWith: +)
                totals[counters.target] = total
            }
        }
        return totals
    }

    func histogramCount() -> UInt64 { all.flatMap(\.histograms).reduce(0) { $0 + $1.totalCount } }
}

@Suite(.serialized) struct FlowEngineTests {
    static func shard(_ url: String, flows: [[FlowStep]], timeoutMilliseconds: Int = 10_000) -> ShardAssignment {
        ShardAssignment(
            shardID: "t", epoch: 1, targets: [ShardTarget(cluster: "c", url: url)],
            flows: flows.enumerated().map { ShardFlow(name: "f\($0.offset)", target: 0, steps: $0.element.map(WireStep.init)) },
            requestTimeoutMilliseconds: timeoutMilliseconds, reportIntervalMilliseconds: 100)
    }

    static func run(_ shard: ShardAssignment, limit: Duration = .seconds(30)) throws -> ReportSink {
        let sink = ReportSink()
        let engine = try FlowEngine(shard: shard) { sink.append($0) }
        engine.start()
        #expect(engine.waitUntilFinished(timeout: limit))
        return sink
    }

    @Test(.timeLimit(.minutes(1))) func flowsSendExactlyWhatTheyAskAndTheServerSeesIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = try Self.run(Self.shard(server.baseURL + "/x", flows: [
            [.requests(60)], [.requests(20), .pause(.milliseconds(300)), .requests(40)],
        ]))
        let totals = sink.totals()[0]
        #expect(totals?.sent == 120)
        #expect(totals?.statusClasses == ["2xx": 120])
        #expect(totals?.errors == [:])
        #expect(totals?.instances == ["test-1": 120])
        #expect(totals?.bytes == 240)
        #expect(sink.histogramCount() == 120)
        #expect(sink.all.last?.final == true)
        #expect(sink.all.filter(\.final).count == 1)
        #expect(sink.all.map(\.sequence) == Array(0..<sink.all.count))
        #expect(try HTTPClient.get(server.baseURL + "/__count").body == Array("120".utf8))
    }

    @Test(.timeLimit(.minutes(1))) func pauseIsHonoured() throws {
        let server = try TestServer()
        defer { server.stop() }
        let start = MonotonicClock.now()
        _ = try Self.run(Self.shard(server.baseURL + "/x", flows: [[.requests(1), .pause(.milliseconds(700)), .requests(1)]]))
        let elapsed = Double(MonotonicClock.now() - start) / 1e6
        #expect(elapsed >= 700)
    }

    @Test(.timeLimit(.minutes(1))) func statusClassesAndTransportErrorsAreCounted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = ReportSink()
        let shard = ShardAssignment(
            shardID: "t", epoch: 1,
            targets: [
                ShardTarget(cluster: "c", url: server.baseURL + "/status/503"),
                ShardTarget(cluster: "c", url: "http://127.0.0.1:9/"),
                ShardTarget(cluster: "c", url: server.baseURL + "/slow/2000"),
            ],
            flows: [
                ShardFlow(name: "5xx", target: 0, steps: [WireStep(.requests(5))]),
                ShardFlow(name: "refused", target: 1, steps: [WireStep(.requests(3))]),
                ShardFlow(name: "timeout", target: 2, steps: [WireStep(.requests(2))]),
            ],
            requestTimeoutMilliseconds: 300, reportIntervalMilliseconds: 100)
        let engine = try FlowEngine(shard: shard) { sink.append($0) }
        engine.start()
        #expect(engine.waitUntilFinished(timeout: .seconds(30)))
        let totals = sink.totals()
        #expect(totals[0]?.statusClasses == ["5xx": 5])
        #expect(totals[1]?.errors == ["connect": 3])
        #expect(totals[2]?.errors == ["timeout": 2])
        #expect(sink.histogramCount() == 10)
    }

    @Test(.timeLimit(.minutes(1))) func stopAbortsInFlightRequestsAndSendsAFinalReport() throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = ReportSink()
        let engine = try FlowEngine(shard: Self.shard(server.baseURL + "/slow/5000", flows: [[.requests(100)]])) {
            sink.append($0)
        }
        engine.start()
        Thread.sleep(forTimeInterval: 0.3)
        engine.stop()
        #expect(engine.waitUntilFinished(timeout: .seconds(5)))
        let totals = sink.totals()[0]
        #expect(totals?.sent == 1)
        #expect(totals?.errors == ["aborted": 1])
        #expect(sink.all.last?.final == true)
    }
}
