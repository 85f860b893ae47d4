import Foundation
import LoadEngine
import Testing
import Wire

@Suite(.serialized) struct FlowsModelTests {
    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func flowsSendExactlyWhatTheyAskAndTheServerSeesIt(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = try EngineHarness.run(
            EngineHarness.shard([
                (server.baseURL + "/x", EngineHarness.flows([[.requests(60)], [.requests(20), .pause(.milliseconds(300)), .requests(40)]]))
            ], engine: engine))
        let totals = sink.totals()[0]
        #expect(totals?.sent == 120)
        #expect(totals?.statusClasses == ["2xx": 120])
        #expect(totals?.errors == [:])
        #expect(totals?.instances == ["test-1": 120])
        #expect(totals?.bytes == 240)
        #expect(totals?.late == 0 && totals?.dropped == 0)
        #expect(sink.latencyCount() == 120)
        #expect(sink.serviceCount() == 120)
        #expect(try EngineHarness.served(server) == 120)
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func pauseIsHonoured(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let start = MonotonicClock.now()
        _ = try EngineHarness.run(
            EngineHarness.shard([(server.baseURL + "/x", EngineHarness.flows([[.requests(1), .pause(.milliseconds(700)), .requests(1)]]))], engine: engine))
        #expect(Double(MonotonicClock.now() - start) / 1e6 >= 700)
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func stopAbortsInFlightRequestsAndSendsAFinalReport(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = ReportSink()
        let loadEngine = try LoadEngine(
            shard: EngineHarness.shard([(server.baseURL + "/slow/5000", EngineHarness.flows([[.requests(100)]]))], engine: engine)
        ) { sink.append($0) }
        loadEngine.start()
        // The first request has reached the server (it counts a request when it arrives, then sleeps 5 s on it).
        try waitUntil("the test server to receive the first request") { try EngineHarness.served(server) == 1 }
        loadEngine.stop()
        #expect(loadEngine.waitUntilFinished(timeout: .seconds(60)))
        let totals = sink.totals()[0]
        #expect(totals?.sent == 1)
        #expect(totals?.errors == ["aborted": 1])
        #expect(sink.latencyCount() == 1)
        #expect(sink.all.last?.final == true)
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func namedHostsAreResolvedOnceAndServed(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let sink = try EngineHarness.run(
            EngineHarness.shard([
                ("http://localhost:\(server.port)/x", EngineHarness.flows([[.requests(10)]])),
                ("http://no-such-host.invalid:\(server.port)/x", EngineHarness.flows([[.requests(2)]])),
            ], engine: engine))
        #expect(sink.totals()[0]?.statusClasses == ["2xx": 10])
        #expect(sink.totals()[1]?.errors == ["connect": 2])
    }
}
