import BenchConfig
import Foundation
import LoadEngine
import Testing
import Wire

/// A shard run on two engine threads sends exactly what it asks, against a real server, on both engines, and its
/// threads' reports arrive as one stream (sequence 0, 1, 2..., one final report, histograms holding every request).
@Suite(.serialized) struct EngineThreadsTests {
    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func aClosedRequestCountIsExactOverTwoThreads(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = try EngineHarness.run(
            EngineHarness.shard([(server.baseURL + "/x", .closed(ShardClosed(connections: 4, requests: 203)))], engine: engine),
            threads: 2)
        let totals = sink.totals()[0]
        #expect(totals?.sent == 203)
        #expect(totals?.statusClasses == ["2xx": 203])
        #expect(totals?.errors == [:])
        #expect(sink.latencyCount() == 203)
        #expect(sink.serviceCount() == 203)
        #expect(try EngineHarness.served(server) == 203)
        #expect(try EngineHarness.peak(server) <= 4)
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func openArrivalsAreSentOrDroppedExactlyOnceOverTwoThreads(engine: EngineChoice) throws {
        // 200/s for 500 ms is 100 arrivals of the cluster; slots 0 and 2 of rounds of 3 are 67 of them, which the
        // two threads take in turn (34 and 33).
        let server = try TestServer()
        defer { server.stop() }
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 200, toRate: 200, duration: .milliseconds(500))])
        let share = ShardOpen(schedule: schedule, slots: [0, 2], roundLength: 3, maxInFlight: 100)
        #expect(share.arrivalCount == 67)
        let sink = try EngineHarness.run(
            EngineHarness.shard([(server.baseURL + "/x", .open(share))], engine: engine), threads: 2)
        let totals = sink.totals()[0]
        #expect((totals?.sent ?? 0) + (totals?.dropped ?? 0) == 67)
        #expect(totals?.responses == totals?.sent)
        #expect(Int(sink.latencyCount()) == totals?.sent)
        #expect(try EngineHarness.served(server) == totals?.sent)
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func flowsAndTwoTargetsAreExactOverTwoThreads(engine: EngineChoice) throws {
        // Three flows of 5 + pause + 7 on one target, 20 closed requests on another: each target's count is exact
        // and stays under its own index.
        let server = try TestServer()
        defer { server.stop() }
        let flow: [FlowStep] = [.requests(5), .pause(.milliseconds(50)), .requests(7)]
        let sink = try EngineHarness.run(
            EngineHarness.shard(
                [
                    (server.baseURL + "/x", EngineHarness.flows([flow, flow, flow])),
                    (server.baseURL + "/y", .closed(ShardClosed(connections: 2, requests: 20))),
                ], engine: engine),
            threads: 2)
        #expect(sink.totals()[0]?.sent == 36)
        #expect(sink.totals()[0]?.statusClasses == ["2xx": 36])
        #expect(sink.totals()[1]?.sent == 20)
        #expect(sink.totals()[1]?.statusClasses == ["2xx": 20])
        #expect(sink.histograms()[0]?.latency.totalCount == 36)
        #expect(sink.histograms()[1]?.latency.totalCount == 20)
        #expect(try EngineHarness.served(server) == 56)
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func stopEndsEveryThreadWithOneFinalReport(engine: EngineChoice) throws {
        // 4 connections on 500 ms requests for a minute, over two threads: stopped once requests are in flight, both
        // threads end (the engine is finished), one final report comes out last, and every request sent is
        // accounted for as answered or aborted.
        let server = try TestServer()
        defer { server.stop() }
        let sink = ReportSink()
        let shard = EngineHarness.shard(
            [(server.baseURL + "/slow/500", .closed(ShardClosed(connections: 4, durationMilliseconds: 60_000)))], engine: engine)
        let loadEngine = try LoadEngine(shard: shard, threads: 2) { sink.append($0) }
        #expect(loadEngine.threads == 2)
        loadEngine.start()
        try waitUntil("the test server to receive four requests") { try EngineHarness.served(server) >= 4 }
        loadEngine.stop()
        #expect(loadEngine.waitUntilFinished(timeout: .seconds(10)))
        let reports = sink.all
        #expect(reports.map(\.sequence) == Array(0..<reports.count))
        #expect(reports.filter(\.final).count == 1)
        #expect(reports.last?.final == true)
        let totals = sink.totals()[0]
        let answered = totals?.responses ?? 0
        let aborted = totals?.errors["aborted"] ?? 0
        #expect(aborted >= 1)
        #expect(answered + aborted == totals?.sent)
        #expect(Int(sink.latencyCount()) == totals?.sent)
    }

    @Test(.timeLimit(.minutes(1))) func aStopBeforeTheInstantEndsBothThreadsWithOneEmptyFinalReport() throws {
        let server = try TestServer()
        defer { server.stop() }
        let shard = EngineHarness.shard([(server.baseURL + "/x", .closed(ShardClosed(connections: 2, requests: 10)))])
        let sink = ReportSink()
        let loadEngine = try LoadEngine(shard: shard, threads: 2) { sink.append($0) }
        loadEngine.start(at: MonotonicClock.now() + 60_000_000_000)
        loadEngine.stop()
        #expect(loadEngine.waitUntilFinished(timeout: .seconds(10)))
        #expect(sink.all.count == 1)
        #expect(sink.all.first?.final == true && sink.all.first?.sequence == 0)
        #expect(sink.all.first?.targets.isEmpty == true)
        #expect(try EngineHarness.served(server) == 0)
    }
}
