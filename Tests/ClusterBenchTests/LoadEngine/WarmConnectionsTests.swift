import Foundation
@testable import LoadEngine
import Planner
import Testing
import Wire
import BenchConfig

/// The open model's connections opened before the start (`ShardOpen.connections`): connected at set-up, before
/// anything is sent; carrying the load without new connections while they suffice; reopened (the request sent again
/// once) when the server closed them while they waited; split over agents and engine threads without loss; refused
/// by the curl engine with a warning, not silently.
@Suite(.serialized) struct WarmConnectionsTests {
    @Test(.timeLimit(.minutes(1)), arguments: [1, 2])
    func theyAreConnectedBeforeTheStartAndCarryTheLoad(threads: Int) throws {
        let server = try TestServer()
        defer { server.stop() }
        // 50/s for 1 s with 50 connections ready: never more requests in flight than connections, however the
        // server stalls, so no new connection may be opened.
        let shard = EngineHarness.shard(
            [(server.baseURL + "/x", EngineHarness.open(rate: 50, milliseconds: 1000, maxInFlight: 200, connections: 50))],
            engine: .fast)
        let sink = ReportSink()
        let engine = try LoadEngine(shard: shard, threads: threads) { sink.append($0) }
        #expect(engine.threads == threads)
        #expect(engine.warnings.isEmpty, "\(engine.warnings)")
        #expect(engine.notes.count == 1)
        #expect(engine.notes.first?.hasPrefix("opened 50 connections before the start in ") == true, "\(engine.notes)")
        // Connected before the start (the server's own count of what it accepted, which the harness's questions
        // do not enter), nothing sent yet.
        try waitUntil("50 connections accepted by the server") { try EngineHarness.acceptedConnections(server) == 50 }
        #expect(try EngineHarness.served(server) == 0)
        engine.start()
        #expect(engine.waitUntilFinished(timeout: .seconds(30)))
        let totals = try #require(sink.totals()[0])
        #expect(totals.sent == 50)
        #expect(totals.dropped == 0)
        #expect(totals.statusClasses == ["2xx": 50])
        #expect(totals.errors.isEmpty, "\(totals.errors)")
        #expect(try EngineHarness.served(server) == 50)
        // No connection was opened beyond the 50.
        #expect(try EngineHarness.acceptedConnections(server) == 50)
    }

    @Test(.timeLimit(.minutes(1)))
    func thoseTheServerClosedWhileTheyWaitedAreOpenedAgain() throws {
        let server = try TestServer()
        defer { server.stop() }
        // 20 arrivals at 100/s; the server closes all 20 waiting connections before the start (a keep-alive timeout
        // shorter than the wait for START). Each arrival that lands on a closed one reopens it and sends again: no
        // error, every request answered once.
        let shard = EngineHarness.shard(
            [(server.baseURL + "/x", EngineHarness.open(rate: 100, milliseconds: 200, maxInFlight: 20, connections: 20))],
            engine: .fast)
        let sink = ReportSink()
        let engine = try LoadEngine(shard: shard) { sink.append($0) }
        #expect(engine.notes.first?.hasPrefix("opened 20 connections") == true, "\(engine.notes) \(engine.warnings)")
        try waitUntil("20 connections accepted by the server") { try EngineHarness.acceptedConnections(server) == 20 }
        #expect(try EngineHarness.closeIdleConnections(server) == 20)
        // The harness's own questions may still hold a connection or two for a moment: those close by themselves.
        try waitUntil("the server's side of them closed") { try EngineHarness.openConnections(server) == 0 }
        engine.start()
        #expect(engine.waitUntilFinished(timeout: .seconds(30)))
        let totals = try #require(sink.totals()[0])
        #expect(totals.sent == 20)
        #expect(totals.statusClasses == ["2xx": 20])
        #expect(totals.errors.isEmpty, "\(totals.errors)")
        #expect(try EngineHarness.served(server) == 20)
        let accepted = try EngineHarness.acceptedConnections(server)
        #expect(accepted > 20 && accepted <= 40, "accepted \(accepted)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aRefusingAddressMovesThemToTheNext() throws {
        let server = try TestServer()
        defer { server.stop() }
        // The target's first address refuses (nothing listens on 127.0.0.2 at that port): the connections go to the
        // second, before the start, and count no error.
        let target = try HTTPTarget(url: server.baseURL + "/x", hosts: ["127.0.0.2", "127.0.0.1"])
        let shard = EngineHarness.shard(
            [(server.baseURL + "/x", EngineHarness.open(rate: 100, milliseconds: 100, maxInFlight: 10, connections: 5))],
            engine: .fast)
        let sink = ReportSink()
        let loop = try FastEngineLoop(shard: shard, targets: [target]) { sink.append($0) }
        #expect(loop.warm.asked == 5)
        #expect(loop.warm.connected == 5)
        #expect(target.preferred == 1)
        try waitUntil("5 connections accepted by the server") { try EngineHarness.acceptedConnections(server) == 5 }
        loop.run { false }
        #expect(sink.totals()[0]?.statusClasses == ["2xx": 10])
        #expect(sink.totals()[0]?.errors.isEmpty == true)
        #expect(try EngineHarness.acceptedConnections(server) == 5)
    }

    @Test(.timeLimit(.minutes(1)))
    func nothingListeningLeavesThemClosedWithAWarning() throws {
        // Port 1 refuses: no connection opens, the shard is still prepared, and the log will say so.
        let shard = EngineHarness.shard(
            [("http://127.0.0.1:1/", EngineHarness.open(rate: 10, milliseconds: 100, maxInFlight: 10, connections: 4))],
            engine: .fast)
        let engine = try LoadEngine(shard: shard) { _ in }
        #expect(engine.notes.isEmpty)
        #expect(engine.warnings.count == 1)
        let warning = engine.warnings.first ?? ""
        #expect(warning.hasPrefix("only 0 of the 4 connections asked for before the start connected (within "), "\(warning)")
        #expect(warning.hasSuffix(" ms); the others open as requests need them"), "\(warning)")
    }

    @Test(.timeLimit(.minutes(1)))
    func theCurlEngineOpensNoneAndSaysSo() throws {
        let server = try TestServer()
        defer { server.stop() }
        let shard = EngineHarness.shard(
            [(server.baseURL + "/x", EngineHarness.open(rate: 100, milliseconds: 100, maxInFlight: 10, connections: 6))],
            engine: .curl)
        let sink = ReportSink()
        let engine = try LoadEngine(shard: shard) { sink.append($0) }
        #expect(engine.notes.isEmpty)
        #expect(
            engine.warnings == [
                "the curl engine runs this shard and opens connections as requests need them: the 6 asked for "
                    + "before the start were not opened"
            ])
        engine.start()
        #expect(engine.waitUntilFinished(timeout: .seconds(30)))
        #expect(sink.totals()[0]?.statusClasses == ["2xx": 10])
    }

    @Test(.timeLimit(.minutes(1)))
    func anOpenFileLimitLowersThemWithTheCap() throws {
        let server = try TestServer()
        defer { server.stop() }
        // 100 files leave 36 for the load: the cap of 1000 and the 1000 connections both become 36.
        let shard = EngineHarness.shard(
            [(server.baseURL + "/x", EngineHarness.open(rate: 100, milliseconds: 100, maxInFlight: 1000, connections: 1000))],
            engine: .fast)
        let engine = try LoadEngine(shard: shard, openFileLimit: 100) { _ in }
        #expect(engine.warnings.count == 1)
        #expect(engine.notes.first?.hasPrefix("opened 36 connections") == true, "\(engine.notes)")
        try waitUntil("36 connections accepted by the server") { try EngineHarness.acceptedConnections(server) == 36 }
    }

    @Test func theyAreSplitOverThreadsAndAgentsAndSurviveTheWire() throws {
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 1000, toRate: 1000, duration: .seconds(5))])
        let share = ShardOpen(schedule: schedule, agentIndex: 0, agentCount: 1, maxInFlight: 11, connections: 7)
        for threads in [2, 3, 4] {
            let parts = ShardSplit.parts(of: ShardSplitTests.shard([.open(share)]), threads: threads)
            let opens = parts.compactMap { ShardSplitTests.open($0.shard.targets[0].load) }
            #expect(opens.count == threads)
            #expect(opens.map(\.warmConnections).reduce(0, +) == 7)
            #expect(opens.allSatisfy { $0.warmConnections <= $0.maxInFlight })
        }
        // Over agents of 4, 2, 1 and 1 cores, like the in-flight cap (16 -> 7, 4, 3, 2): one each, the other 8 by
        // cores, 12 -> 5, 3, 2, 2.
        let open = OpenLoad(shape: .constant(rate: 100, duration: .seconds(10)), maxInFlight: 16, connections: 12)
        let phase = ShardPlanner(load: LoadConfig(workload: .open(open))).phase(
            number: 1, targets: OpenCapacityTests.endpoint, capacities: [4, 2, 1, 1], epoch: 1)
        let shares = OpenCapacityTests.shares(phase)
        #expect((0..<4).map { shares[$0]!.warmConnections } == [5, 3, 2, 2])
        for shard in phase.shards.values {
            #expect(try WireMessage(frames: WireMessage.shard(shard).frames()) == .shard(shard))
        }
        // A lost agent's share keeps its connections when it is planned again.
        let lost = try #require(phase.shards[0])
        let left = ShardPlanner.remainder(of: lost, sent: [0: 100], elapsedNanoseconds: 4_000_000_000)
        #expect(ShardSplitTests.open(try #require(left.first).load)?.warmConnections == 5)
        // None asked: the share carries no key at all.
        let plain = ShardOpen(schedule: schedule, agentIndex: 0, agentCount: 1, maxInFlight: 11)
        #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("connections"))
    }

    @Test(arguments: ["0", "12", "-3"])
    func aShareWithConnectionsOutsideOneToItsCapIsRefused(connections: String) {
        let json = #"{"schedule":{"segments":[{"fromRate":5,"toRate":5,"durationNanoseconds":1000000000}]},"#
            + #""agentIndex":0,"agentCount":1,"maxInFlight":11,"connections":"# + connections + "}"
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(ShardOpen.self, from: Data(json.utf8)) }
    }
}
