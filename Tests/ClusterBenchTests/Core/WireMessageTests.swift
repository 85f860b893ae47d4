import BenchCore
import Testing

@Suite struct WireMessageTests {
    static let shard = ShardAssignment(
        shardID: "p1-a1", epoch: 3, targets: [ShardTarget(cluster: "cluster1", url: "http://127.0.0.1:1/cluster1")],
        flows: [ShardFlow(name: "cluster1/B", target: 0, steps: [WireStep(.requests(5)), WireStep(.pause(.seconds(2)))])],
        requestTimeoutMilliseconds: 10_000, reportIntervalMilliseconds: 1000)

    @Test(arguments: [
        WireMessage.hello(Hello(protocolVersion: 1, agentVersion: "0.1.0", name: "a", host: "h", cores: 2, pid: 9)),
        .welcome(Welcome(protocolVersion: 1, heartbeatIntervalMilliseconds: 500, heartbeatLiveness: 4)),
        .reject(Reject(reason: "no")),
        .heartbeat,
        .shard(shard),
        .ready(ShardRef(shardID: "p1-a1", epoch: 3)),
        .start(StartShard(shardID: "p1-a1", epoch: 3)),
        .stop(ShardRef(shardID: "p1-a1", epoch: 3)),
        .shutdown,
    ])
    func controlMessagesRoundTrip(message: WireMessage) throws {
        #expect(try WireMessage(frames: message.frames()) == message)
    }

    @Test func reportCarriesOneHistogramPerTarget() throws {
        var histogram = LatencyHistogram.latency()
        for value: UInt64 in [1_000_000, 2_000_000, 3_000_000] { histogram.recordLatency(nanoseconds: value) }
        let header = ReportHeader(
            shardID: "p1-a1", epoch: 3, sequence: 7, final: true, intervalNanoseconds: 1_000_000_000,
            targets: [TargetCounters(target: 0, sent: 3, statusClasses: ["2xx": 3], instances: ["c1-1": 3])])
        let frames = WireMessage.report(header, histograms: [histogram]).frames()
        #expect(frames.count == 3)
        guard case .report(let decoded, let histograms) = try WireMessage(frames: frames) else {
            Issue.record("not a report")
            return
        }
        #expect(decoded == header)
        #expect(histograms.first?.totalCount == 3)
        #expect(histograms.first?.valueAtPercentile(50) == histogram.valueAtPercentile(50))
    }

    @Test(arguments: [
        ([[UInt8]](), "malformed message: expected at least 2 frames, got 0"),
        ([Array("NOPE".utf8), Array("{}".utf8)], "malformed message: unknown message type"),
        ([Array("HEARTBEAT".utf8), Array("{}".utf8), [1]], "malformed message: HEARTBEAT takes 2 frames, got 3"),
        ([Array("REPORT".utf8), Array(#"{"shardID":"x","epoch":1,"sequence":0,"final":false,"intervalNanoseconds":1,"targets":[{"target":0,"sent":1,"statusClasses":{},"errors":{},"bytes":0,"instances":{}}]}"#.utf8)],
         "malformed message: REPORT with 1 targets carries 0 histograms"),
    ])
    func garbageIsRefusedWithAReason(frames: [[UInt8]], description: String) {
        #expect(throws: WireError.self) { try WireMessage(frames: frames) }
        do {
            _ = try WireMessage(frames: frames)
        } catch {
            #expect(error.description == description)
        }
    }

    @Test func undecodablePayloadIsRefused() {
        let frames = [Array("SHARD".utf8), Array("{\"shardID\": 1}".utf8)]
        #expect(throws: WireError.self) { try WireMessage(frames: frames) }
    }
}
