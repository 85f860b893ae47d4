import Foundation
import HdrCodec
import Testing
import Wire

@Suite struct WireMessageTests {
    static let shard = ShardAssignment(
        shardID: "p1-a1", epoch: 3,
        targets: [
            ShardTarget(
                cluster: "cluster1", url: "http://127.0.0.1:1/cluster1",
                load: .flows([ShardFlow(name: "cluster1/B", steps: [WireStep(.requests(5)), WireStep(.pause(.seconds(2)))])])),
            ShardTarget(
                cluster: "cluster2", url: "http://127.0.0.1:1/cluster2",
                load: .closed(ShardClosed(connections: 3, requests: 70))),
            ShardTarget(
                cluster: "cluster3", url: "http://127.0.0.1:1/cluster3",
                load: .closed(ShardClosed(connections: 1, durationMilliseconds: 1500))),
            ShardTarget(
                cluster: "cluster4", url: "http://127.0.0.1:1/cluster4",
                load: .open(
                    ShardOpen(
                        schedule: ArrivalSchedule(segments: [
                            .init(fromRate: 10, toRate: 10, duration: .seconds(2)),
                            .init(fromRate: 0, toRate: 50, duration: .milliseconds(1500)),
                        ]), agentIndex: 1, agentCount: 2, maxInFlight: 500))),
        ],
        requestTimeoutMilliseconds: 10_000, reportIntervalMilliseconds: 1000, engine: .curl)

    @Test(arguments: [
        WireMessage.hello(Hello(protocolVersion: 1, agentVersion: "0.1.0", name: "a", host: "h", cores: 2, pid: 9)),
        .welcome(Welcome(protocolVersion: 1, heartbeatIntervalMilliseconds: 500, heartbeatLiveness: 4)),
        .reject(Reject(reason: "no")),
        .heartbeat,
        .shard(shard),
        .ready(ShardRef(shardID: "p1-a1", epoch: 3)),
        .start(StartOrder(shardID: "p1-a1", epoch: 3, startAtNanoseconds: 123_456_789_012)),
        .stop(ShardRef(shardID: "p1-a1", epoch: 3)),
        .shutdown,
        .time(TimeProbe(sequence: 4, sentNanoseconds: 99)),
        .timeReply(TimeReply(sequence: 4, probeSentNanoseconds: 99, receivedNanoseconds: 7, repliedNanoseconds: 8)),
        .log(AgentLogLine(level: .warning, text: "resolver slow", suppressed: 3)),
    ])
    func controlMessagesRoundTrip(message: WireMessage) throws {
        #expect(try WireMessage(frames: message.frames()) == message)
    }

    @Test func reportCarriesLatencyThenServiceHistogramPerTarget() throws {
        var pair = TargetHistograms.empty()
        for value: UInt64 in [1_000_000, 2_000_000, 3_000_000] { pair.latency.recordLatency(nanoseconds: value) }
        for value: UInt64 in [500_000, 700_000] { pair.service.recordLatency(nanoseconds: value) }
        var other = TargetHistograms.empty()
        other.latency.recordLatency(nanoseconds: 9_000_000)
        let header = ReportHeader(
            shardID: "p1-a1", epoch: 3, sequence: 7, final: true, intervalNanoseconds: 1_000_000_000,
            targets: [
                TargetCounters(target: 0, sent: 3, statusClasses: ["2xx": 3], instances: ["c1-1": 3], late: 2, dropped: 1),
                TargetCounters(target: 3, sent: 1, errors: ["reset": 1]),
            ])
        let frames = WireMessage.report(header, histograms: [pair, other]).frames()
        #expect(frames.count == 6)
        let message = try WireMessage(frames: frames)
        let (decoded, histograms) = try #require(
            { () -> (ReportHeader, [TargetHistograms])? in
                if case .report(let decoded, let histograms) = message { (decoded, histograms) } else { nil }
            }(), "not a report: \(message)")
        #expect(decoded == header)
        #expect(histograms.map(\.latency.totalCount) == [3, 1])
        #expect(histograms.map(\.service.totalCount) == [2, 0])
        #expect(histograms.first?.latency.valueAtPercentile(50) == pair.latency.valueAtPercentile(50))
        #expect(histograms.first?.service.max == pair.service.max)
    }

    @Test func openScheduleSurvivesTheWire() throws {
        let message = try WireMessage(frames: WireMessage.shard(Self.shard).frames())
        let open = try #require(
            { () -> ShardOpen? in
                if case .shard(let decoded) = message, case .open(let open) = decoded.targets[3].load { open } else { nil }
            }(), "not an open shard: \(message)")
        #expect(open.schedule.arrivalCount == 20 + 38)
        #expect(open.arrivalCount == 29)
        #expect(open.schedule.offset(ofArrival: 21) == Self.shard.targets[3].load.openSchedule?.offset(ofArrival: 21))
    }

    @Test func lateAtTheCapTravelsAddsUpAndNeverExceedsLate() throws {
        var counters = TargetCounters(target: 0, sent: 5, statusClasses: ["2xx": 5], late: 3)
        counters.lateAtCap = 2
        let header = ReportHeader(
            shardID: "p1-a1", epoch: 1, sequence: 0, final: false, intervalNanoseconds: 1_000_000_000,
            targets: [counters])
        let message = try WireMessage(frames: WireMessage.report(header, histograms: [.empty()]).frames())
        #expect(message == .report(header, histograms: [.empty()]))
        // Absent means none: an agent that never waited for a slot (or predates the field) sends no key.
        var sum = TargetCounters(target: 0, late: 1)
        sum.add(counters)
        #expect(sum.late == 4 && sum.lateAtCap == 2)
        #expect(!String(decoding: try JSONEncoder().encode(TargetCounters(target: 0, late: 1)), as: UTF8.self)
            .contains("lateAtCap"))
        var impossible = counters
        impossible.lateAtCap = 4
        let bad = ReportHeader(
            shardID: "p1-a1", epoch: 1, sequence: 0, final: false, intervalNanoseconds: 1_000_000_000,
            targets: [impossible])
        #expect(throws: WireError.self) { try WireMessage(frames: WireMessage.report(bad, histograms: [.empty()]).frames()) }
        do {
            _ = try WireMessage(frames: WireMessage.report(bad, histograms: [.empty()]).frames())
        } catch {
            #expect(error.description == "value out of range: REPORT lateAtCap 4, expected 0 to 3")
        }
    }

    @Test(arguments: [
        ([[UInt8]](), "malformed message: expected at least 2 frames, got 0"),
        ([Array("NOPE".utf8), Array("{}".utf8)], "malformed message: unknown message type"),
        ([Array("HEARTBEAT".utf8), Array("{}".utf8), [1]], "malformed message: HEARTBEAT takes 2 frames, got 3"),
        ([Array("REPORT".utf8), Array(#"{"shardID":"x","epoch":1,"sequence":0,"final":false,"intervalNanoseconds":1,"intervalEndNanoseconds":5,"startedAtNanoseconds":4,"targets":[{"target":0,"sent":1,"statusClasses":{},"errors":{},"bytes":0,"instances":{},"late":0,"dropped":0}]}"#.utf8)],
         "malformed message: REPORT with 1 targets carries 0 histograms, expected 2"),
    ])
    func garbageIsRefusedWithAReason(frames: [[UInt8]], description: String) {
        #expect(throws: WireError.self) { try WireMessage(frames: frames) }
        do {
            _ = try WireMessage(frames: frames)
        } catch {
            #expect(error.description == description)
        }
    }

    @Test func aVersion1ReportWithoutLateAndDroppedIsRefused() {
        let header = #"{"shardID":"x","epoch":1,"sequence":0,"final":false,"intervalNanoseconds":1,"intervalEndNanoseconds":5,"startedAtNanoseconds":4,"#
            + #""targets":[{"target":0,"sent":1,"statusClasses":{},"errors":{},"bytes":0,"instances":{}}]}"#
        let frames = [Array("REPORT".utf8), Array(header.utf8), HistogramCodec.encode(.latency()), HistogramCodec.encode(.latency())]
        let error = #expect(throws: WireError.self) { try WireMessage(frames: frames) }
        #expect(error?.description.hasPrefix("malformed message: REPORT payload does not decode") == true)
        #expect(error?.description.contains("late") == true)
    }

    @Test func undecodablePayloadIsRefused() {
        let frames = [Array("SHARD".utf8), Array("{\"shardID\": 1}".utf8)]
        #expect(throws: WireError.self) { try WireMessage(frames: frames) }
    }

    @Test(arguments: [
        #"{"model":"flows","flows":[],"closed":{"connections":1,"requests":1}}"#,
        #"{"model":"closed","closed":{"connections":1}}"#,
        #"{"model":"closed","closed":{"connections":1,"requests":5,"durationMilliseconds":5}}"#,
        #"{"model":"closed","closed":{"connections":0,"requests":5}}"#,
        #"{"model":"open","open":{"schedule":{"segments":[]},"agentIndex":2,"agentCount":2,"maxInFlight":1}}"#,
        #"{"model":"poisson"}"#,
        #"{"model":"flows","flows":[{"name":"a","steps":[{"requests":1,"pauseMilliseconds":1}]}]}"#,
    ])
    func shardWithABadLoadIsRefused(load: String) {
        let payload = #"{"shardID":"s","epoch":1,"requestTimeoutMilliseconds":1,"reportIntervalMilliseconds":1,"#
            + #""targets":[{"cluster":"c","url":"http://127.0.0.1:1/","load":"# + load + "}]}"
        #expect(throws: WireError.self) { try WireMessage(frames: [Array("SHARD".utf8), Array(payload.utf8)]) }
    }
}

extension ShardLoad {
    /// The schedule of an open load, nil for the other models.
    var openSchedule: ArrivalSchedule? {
        if case .open(let open) = self { open.schedule } else { nil }
    }
}
