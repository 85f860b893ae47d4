import Foundation
import LoadEngine
import Testing
import Wire

/// The engine begins a shard at the instant it is given (never before it), says when it began in every report,
/// and sends exactly the arrivals of its slots of an open schedule.
@Suite(.serialized) struct StartInstantTests {
    @Test(.timeLimit(.minutes(1))) func theEngineBeginsNoSoonerThanItsInstantAndSaysWhen() throws {
        let server = try TestServer()
        defer { server.stop() }
        let shard = EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 100, milliseconds: 200))])
        let sink = ReportSink()
        let engine = try LoadEngine(shard: shard) { sink.append($0) }
        let instant = MonotonicClock.now() + 300_000_000
        engine.start(at: instant)
        #expect(engine.waitUntilFinished(timeout: .seconds(30)))
        let reports = sink.all
        let began = try #require(reports.first?.startedAt)
        #expect(began >= instant)
        #expect(reports.allSatisfy { $0.startedAt == began })
        // Interval ends are the engine's own readings, in order, the first a report interval after the start.
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.intervalEnd <= $1.intervalEnd })
        #expect(reports[0].intervalEnd >= began && reports[0].intervalEnd - began == reports[0].intervalNanoseconds)
        #expect(sink.totals()[0]?.sent == 20)
    }

    @Test(.timeLimit(.minutes(1))) func aStopBeforeTheInstantEndsTheShardAtOnceWithNothingSent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let shard = EngineHarness.shard([(server.baseURL + "/x", EngineHarness.open(rate: 100, milliseconds: 200))])
        let sink = ReportSink()
        let engine = try LoadEngine(shard: shard) { sink.append($0) }
        engine.start(at: MonotonicClock.now() + 60_000_000_000)
        engine.stop()
        #expect(engine.waitUntilFinished(timeout: .seconds(10)))
        #expect(sink.all.count == 1 && sink.all[0].final)
        #expect(sink.totals()[0]?.sent ?? 0 == 0)
        #expect(try EngineHarness.served(server) == 0)
    }

    @Test(.timeLimit(.minutes(1))) func aShareOfSlotsSendsExactlyItsArrivals() throws {
        // 100/s for 400 ms is 40 arrivals; slots 0, 2 and 3 of rounds of 4 are 30 of them.
        let server = try TestServer()
        defer { server.stop() }
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 100, toRate: 100, duration: .milliseconds(400))])
        let share = ShardOpen(schedule: schedule, slots: [0, 2, 3], roundLength: 4, maxInFlight: 1000)
        #expect(share.arrivalCount == 30)
        let sink = try EngineHarness.run(EngineHarness.shard([(server.baseURL + "/x", .open(share))]))
        let totals = sink.totals()[0]
        #expect((totals?.sent ?? 0) + (totals?.dropped ?? 0) == 30)
        #expect(try EngineHarness.served(server) == totals?.sent)
    }
}
