import Foundation
import LoadEngine
import Testing
import Wire

@Suite(.serialized) struct OpenModelTests {
    @Test(.timeLimit(.minutes(1))) func everyArrivalIsSentOnceAndTheServerSeesThem() throws {
        let server = try TestServer()
        defer { server.stop() }
        let start = MonotonicClock.now()
        let sink = try EngineHarness.run(EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 100, milliseconds: 1000))]))
        let seconds = Double(MonotonicClock.now() - start) / 1e9
        let totals = sink.totals()[0]
        #expect((totals?.sent ?? 0) + (totals?.dropped ?? 0) == 100)
        #expect(totals?.dropped == 0)
        #expect(totals?.statusClasses == ["2xx": totals?.sent ?? -1])
        #expect(try EngineHarness.served(server) == 100)
        // The last arrival is due at 0.99 s: the run cannot be shorter, and is not grossly longer.
        #expect(seconds >= 0.99 && seconds < 5, "took \(seconds) s")
        // Late sends are counted, never hidden: no more than were sent.
        #expect((totals?.late ?? 0) <= 100)
    }

    @Test(.timeLimit(.minutes(1))) func latencyCountsFromTheDueTimeAndServiceFromTheSend() throws {
        // 20/s for 1 s against a 150 ms endpoint with at most 1 request in flight: every arrival while one is in
        // flight is dropped, and whatever is sent is served in about 150 ms.
        let server = try TestServer()
        defer { server.stop() }
        let sink = try EngineHarness.run(
            EngineHarness.shard([(server.baseURL + "/slow/150", EngineHarness.open(rate: 20, milliseconds: 1000, maxInFlight: 1))]))
        let totals = sink.totals()[0]
        let sent = totals?.sent ?? 0
        let dropped = totals?.dropped ?? 0
        #expect(sent + dropped == 20)
        #expect(dropped >= 5, "sent \(sent), dropped \(dropped)")
        #expect(totals?.statusClasses == ["2xx": sent])
        #expect(try EngineHarness.served(server) == sent)
        let pair = try #require(sink.histograms()[0])
        #expect(pair.latency.totalCount == UInt64(sent))
        #expect(pair.service.totalCount == UInt64(sent))
        #expect(pair.service.min >= 140_000_000)
        #expect(pair.latency.max >= pair.service.max)
    }

    @Test(.timeLimit(.minutes(1))) func twoAgentsShareTheArrivalsExactly() throws {
        let server = try TestServer()
        defer { server.stop() }
        var sent = 0
        for agent in 0..<2 {
            let sink = try EngineHarness.run(
                EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 50, milliseconds: 500, agent: agent, of: 2))]))
            let totals = sink.totals()[0]
            #expect((totals?.sent ?? 0) + (totals?.dropped ?? 0) == (agent == 0 ? 13 : 12))
            sent += totals?.sent ?? 0
        }
        #expect(try EngineHarness.served(server) == sent)
    }

    @Test(.timeLimit(.minutes(1))) func aStalledLoopCountsLateSends() throws {
        // 1000/s for 300 ms: a sub-millisecond spacing on a busy 2-core machine; whatever leaves late is counted.
        // The test only checks the bookkeeping: late never exceeds sent and every arrival is accounted for.
        let server = try TestServer()
        defer { server.stop() }
        let sink = try EngineHarness.run(EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 1000, milliseconds: 300))]))
        let totals = sink.totals()[0]
        #expect((totals?.sent ?? 0) + (totals?.dropped ?? 0) == 300)
        #expect((totals?.late ?? 0) <= (totals?.sent ?? 0))
        #expect(try EngineHarness.served(server) == totals?.sent)
    }
}
