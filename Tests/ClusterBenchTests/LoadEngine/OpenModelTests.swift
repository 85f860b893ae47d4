import Foundation
import LoadEngine
import Testing
import Wire

@Suite(.serialized) struct OpenModelTests {
    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func everyArrivalIsSentOnceAndTheServerSeesThem(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let start = MonotonicClock.now()
        let sink = try EngineHarness.run(EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 100, milliseconds: 1000))], engine: engine))
        let seconds = Double(MonotonicClock.now() - start) / 1e9
        let totals = sink.totals()[0]
        #expect((totals?.sent ?? 0) + (totals?.dropped ?? 0) == 100)
        #expect(totals?.dropped == 0)
        #expect(totals?.statusClasses == ["2xx": totals?.sent ?? -1])
        #expect(try EngineHarness.served(server) == 100)
        // The last arrival is due at 0.99 s: the schedule is kept, not compressed. (How fast is bench/'s business.)
        #expect(seconds >= 0.99, "took \(seconds) s")
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func latencyCountsFromTheDueTimeAndServiceFromTheSend(engine: EngineChoice) throws {
        // 20/s for 1 s (arrival k due at 50k ms) against a 150 ms endpoint with at most 1 request in flight: each
        // arrival waits for the one before it, so they leave one every ~150 ms and the last (due at 950 ms) leaves
        // at about 19 x 150 = 2850 ms. Nothing is dropped (the 10 s timeout is never reached); every send after the
        // first is late; service time stays ~150 ms while latency, from the due time, grows to ~1.9 s + 150 ms.
        let server = try TestServer()
        defer { server.stop() }
        let sink = try EngineHarness.run(
            EngineHarness.shard([(server.baseURL + "/slow/150", EngineHarness.open(rate: 20, milliseconds: 1000, maxInFlight: 1))], engine: engine))
        let totals = try #require(sink.totals()[0])
        #expect(totals.sent == 20)
        #expect(totals.dropped == 0)
        #expect(totals.late >= 18, "late \(totals.late)")
        // Every one of them waited for the one slot: late at the cap, the server's doing.
        #expect(totals.lateAtCap == totals.late)
        #expect(totals.statusClasses == ["2xx": 20])
        #expect(try EngineHarness.served(server) == 20)
        let pair = try #require(sink.histograms()[0])
        #expect(pair.latency.totalCount == 20)
        #expect(pair.service.totalCount == 20)
        #expect(pair.service.min >= 140_000_000)
        #expect(pair.service.max < 1_000_000_000, "service max \(pair.service.max) ns")
        // The last arrival waited for 19 earlier requests of >= 140 ms each: >= 19 x 140 - 950 + 140 = 1850 ms.
        #expect(pair.latency.max >= 1_850_000_000, "latency max \(pair.latency.max) ns")
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func twoAgentsShareTheArrivalsExactly(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        var sent = 0
        for agent in 0..<2 {
            let sink = try EngineHarness.run(
                EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 50, milliseconds: 500, agent: agent, of: 2))], engine: engine))
            let totals = sink.totals()[0]
            #expect((totals?.sent ?? 0) + (totals?.dropped ?? 0) == (agent == 0 ? 13 : 12))
            sent += totals?.sent ?? 0
        }
        #expect(try EngineHarness.served(server) == sent)
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func aStalledLoopCountsLateSends(engine: EngineChoice) throws {
        // 200/s for 800 ms: 160 arrivals, one every 5 ms. The engine thread calls `emit` itself with each interval
        // report (every 100 ms); the test holds it in the third one (at about 300 ms) for 400 ms. Nothing is sent
        // while it is held; when it lets go, the loop's next `issue` sends every arrival that fell due meanwhile in
        // one burst, and since the report was due during the stall, the very next report holds that burst alone.
        // A send is late when it leaves more than LoadEngine.lateThreshold (1 ms) after its due time, so in the burst:
        // - every arrival due after the stall began (a) and over 1 ms before it ended (b) is late for sure; an open
        //   interval of length L holds at least ceil(L / 5 ms) - 1 of them: 79 for a 400 ms stall;
        // - at most every arrival due by the time the burst's report was made and not sent before the stall is. The
        //   report before the stall was drained before `emit` (so by a), and each report gives its interval, so the
        //   burst's report was made by a + its interval; with the engine's start no earlier than the test's
        //   `started`, that is at most floor((a + interval - started) / 5 ms) + 1 arrivals, less those sent before.
        //   (This bound measures itself: it grows if the machine preempts the engine around the stall.)
        // Before the stall a send is late only if this shared machine wakes the engine over 1 ms after the due time,
        // which under load happens to half of them or more; but not to every one of about 60, unless sends within
        // the threshold are being counted as late.
        let server = try TestServer()
        defer { server.stop() }
        let spacing: UInt64 = 5_000_000
        let arrivals = 160
        let sink = ReportSink()
        let stall = EngineStall(seconds: 0.4)
        let shard = EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 200, milliseconds: 800))], engine: engine)
        let loadEngine = try LoadEngine(shard: shard) { report in
            if report.sequence == 2 && !report.final { stall.hold() }
            sink.append(report)
        }
        let started = MonotonicClock.now()
        loadEngine.start()
        #expect(loadEngine.waitUntilFinished(timeout: .seconds(50)))
        let (a, b) = try #require(stall.window, "the engine never emitted its third interval report")
        // Arrivals are due at start + k x 5 ms for k < 160, and the engine's start is no earlier than `started`.
        let lastDue = started + UInt64(arrivals - 1) * spacing
        let surelyLateEnd = min(b - UInt64(LoadEngine.lateThreshold.wholeNanoseconds), lastDue)
        let surelyLate = surelyLateEnd > a ? Int((surelyLateEnd - a + spacing - 1) / spacing) - 1 : 0
        let stalled = "a stall of \(Double(b - a) / 1e6) ms"

        let totals = try #require(sink.totals()[0])
        #expect(totals.sent + totals.dropped == arrivals)
        #expect(totals.dropped == 0)
        #expect(try EngineHarness.served(server) == totals.sent)
        #expect(surelyLate >= 70, "\(stalled) is too short to show anything")
        let before = sink.all.filter { $0.sequence <= 2 }.compactMap(\.targets.first)
        let sentBefore = before.reduce(0) { $0 + $1.sent }
        let lateBefore = before.reduce(0) { $0 + $1.late }
        let burstReport = try #require(sink.all.first { $0.sequence == 3 }, "no report after the stall")
        let burst = try #require(burstReport.targets.first, "the report after the stall holds no sends")
        let burstMadeBy = a + burstReport.intervalNanoseconds
        let dueByThen = min(arrivals, Int((burstMadeBy - started) / spacing) + 1)
        let atMostLate = dueByThen - sentBefore
        #expect(
            burst.late >= surelyLate && burst.late <= atMostLate,
            "\(burst.late) late sends right after \(stalled), which implies \(surelyLate)...\(atMostLate)")
        #expect(sentBefore >= 40, "only \(sentBefore) sends before the stall")
        #expect(lateBefore < sentBefore, "all \(sentBefore) sends before the stall counted late")
        #expect(totals.late >= burst.late + lateBefore)
    }

    @Test(.timeLimit(.minutes(1)), arguments: EngineChoice.tested)
    func arrivalsThatWaitAWholeTimeoutAtTheCapAreDropped(engine: EngineChoice) throws {
        // 20/s for 1 s (arrival k due at 50k ms) with at most 2 in flight and a 1 s request timeout, against an
        // endpoint that answers after 5 s. Arrivals 0 and 1 leave at once and time out at about 1000 and 1050 ms;
        // each freed slot goes to the oldest waiting arrival that has not waited 1 s: arrival 2 (due 100 ms) at
        // ~1000 ms and arrival 3 (due 150 ms) at ~1050 ms, 100 ms before each would have expired. Those time out at
        // ~2000 and ~2050 ms, by when arrivals 4...19 (due 200...950 ms) have each waited their 1 s: dropped.
        let server = try TestServer()
        defer { server.stop() }
        let sink = try EngineHarness.run(
            EngineHarness.shard(
                [(server.baseURL + "/slow/5000", EngineHarness.open(rate: 20, milliseconds: 1000, maxInFlight: 2))],
                timeoutMilliseconds: 1000, engine: engine))
        let totals = try #require(sink.totals()[0])
        #expect(totals.sent == 4)
        #expect(totals.dropped == 16)
        #expect(totals.errors == ["timeout": 4])
        #expect((2...4).contains(totals.late), "late \(totals.late)")
        // A dropped arrival is never sent, so it is in neither histogram.
        #expect(sink.latencyCount() == 4)
        #expect(sink.serviceCount() == 4)
        // The two that waited: latency from the due time (100, 150 ms) to the timeout 1 s after the send (~1000,
        // ~1050 ms): ~1.9 s, against a service time of ~1 s.
        let pair = try #require(sink.histograms()[0])
        #expect(pair.latency.max >= 1_800_000_000, "latency max \(pair.latency.max) ns")
        #expect(pair.service.max < 1_800_000_000, "service max \(pair.service.max) ns")
    }
}
