import Foundation
import LoadEngine
import Testing
import Wire

@Suite(.serialized) struct ClosedModelTests {
    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func aRequestCountIsSentExactlyOverAllConnections(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = try EngineHarness.run(
            EngineHarness.shard([(server.baseURL + "/x", .closed(ShardClosed(connections: 4, requests: 203)))], engine: engine))
        let totals = sink.totals()[0]
        #expect(totals?.sent == 203)
        #expect(totals?.statusClasses == ["2xx": 203])
        #expect(sink.latencyCount() == 203)
        #expect(sink.serviceCount() == 203)
        #expect(try EngineHarness.served(server) == 203)
        // Each report says when its target's last request ended, within the report's interval.
        for report in sink.all {
            for counters in report.targets {
                let end = try #require(counters.lastEndNanoseconds, "report \(report.sequence) has no last end")
                #expect(end <= report.intervalEnd && end >= report.intervalEnd - report.intervalNanoseconds)
            }
        }
        #expect(sink.totals()[0]?.lastEndNanoseconds == sink.all.compactMap(\.targets.first?.lastEndNanoseconds).max())
        // Each report carries the engine thread's CPU time over its interval: some in all, never more than the
        // interval (one thread; 10 ms for the readings' own spacing).
        let cpu = sink.all.compactMap(\.engineHealth.cpuNanoseconds)
        #expect(cpu.count == sink.all.count)
        #expect(cpu.reduce(0, +) > 0)
        for report in sink.all {
            #expect((report.engineHealth.cpuNanoseconds ?? 0) <= report.intervalNanoseconds + 10_000_000)
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func connectionsRunSideBySide(engine: EngineChoice) throws {
        // 8 requests of 500 ms on 4 connections: the server is handling all four at once (it keeps the peak), and
        // never more than the 4 connections can carry; two rounds, so the run lasts at least 1 s.
        let server = try TestServer()
        defer { server.stop() }
        let start = MonotonicClock.now()
        let sink = try EngineHarness.run(
            EngineHarness.shard([(server.baseURL + "/slow/500", .closed(ShardClosed(connections: 4, requests: 8)))], engine: engine))
        let seconds = Double(MonotonicClock.now() - start) / 1e9
        #expect(sink.totals()[0]?.statusClasses == ["2xx": 8])
        #expect(try EngineHarness.peak(server) == 4)
        #expect(seconds >= 1.0, "took \(seconds) s")
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func aDurationEndsSendingAndWaitsForWhatIsInFlight(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let start = MonotonicClock.now()
        let sink = try EngineHarness.run(
            EngineHarness.shard([(server.baseURL + "/slow/200", .closed(ShardClosed(connections: 3, durationMilliseconds: 500)))], engine: engine))
        let seconds = Double(MonotonicClock.now() - start) / 1e9
        let totals = sink.totals()[0]
        // Every request sent was answered (the ones in flight at the end were waited for), none aborted.
        #expect((totals?.sent ?? 0) >= 3)
        #expect(totals?.statusClasses == ["2xx": totals?.sent ?? -1])
        #expect(totals?.errors == [:])
        #expect(try EngineHarness.served(server) == totals?.sent)
        #expect(seconds >= 0.5, "took \(seconds) s")
    }
}
