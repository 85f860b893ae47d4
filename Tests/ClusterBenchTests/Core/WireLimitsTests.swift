import Foundation
import HdrCodec
import Testing
import Wire

/// Well-formed messages with absurd values are refused as out of range, never trapping the receiver; dropped
/// messages are counted and summarised; the drop hook drops exactly the Nth message.
@Suite struct WireLimitsTests {
    static func frames(_ type: String, _ json: String) -> [[UInt8]] { [Array(type.utf8), Array(json.utf8)] }

    static let absurd: [(String, String, String)] = [
        ("HELLO", #"{"protocolVersion":3,"agentVersion":"x","name":"a","host":"h","cores":0,"pid":1}"#,
         "value out of range: HELLO cores 0, expected 1 to 65536"),
        ("HELLO", #"{"protocolVersion":-9223372036854775808,"agentVersion":"x","name":"a","host":"h","cores":1,"pid":1}"#,
         "value out of range: HELLO protocolVersion -9223372036854775808, expected 1 to 1000000"),
        ("WELCOME", #"{"protocolVersion":3,"heartbeatIntervalMilliseconds":0,"heartbeatLiveness":4}"#,
         "value out of range: WELCOME heartbeat 0, expected 10 to 60000"),
        ("WELCOME", #"{"protocolVersion":3,"heartbeatIntervalMilliseconds":100,"heartbeatLiveness":9223372036854775807}"#,
         "value out of range: WELCOME heartbeatLiveness 9223372036854775807, expected 2 to 100"),
        ("SHARD", #"{"shardID":"s","epoch":1,"requestTimeoutMilliseconds":1000,"reportIntervalMilliseconds":100,"targets":[{"cluster":"c","url":"http://x/","load":{"model":"open","open":{"schedule":{"segments":[{"fromRate":-5,"toRate":10,"durationNanoseconds":1000000000}]},"agentIndex":0,"agentCount":1,"maxInFlight":4}}}]}"#,
         "value out of range: SHARD open rate -5.0...10.0, expected 0 to 1e7"),
        ("SHARD", #"{"shardID":"s","epoch":1,"requestTimeoutMilliseconds":1000,"reportIntervalMilliseconds":100,"targets":[{"cluster":"c","url":"http://x/","load":{"model":"open","open":{"schedule":{"segments":[{"fromRate":5,"toRate":10,"durationNanoseconds":1000000000}]},"agentIndex":0,"agentCount":9223372036854775807,"maxInFlight":4}}}]}"#,
         "value out of range: SHARD open agentCount 9223372036854775807, expected 1 to 100000"),
        ("SHARD", #"{"shardID":"s","epoch":1,"requestTimeoutMilliseconds":1000,"reportIntervalMilliseconds":100,"targets":[{"cluster":"c","url":"http://x/","load":{"model":"flows","flows":[{"name":"f","steps":[{"requests":9223372036854775807}]}]}}]}"#,
         "value out of range: SHARD step requests 9223372036854775807, expected 1 to 1000000000"),
        ("SHARD", #"{"shardID":"s","epoch":1,"requestTimeoutMilliseconds":0,"reportIntervalMilliseconds":100,"targets":[{"cluster":"c","url":"http://x/","load":{"model":"closed","closed":{"connections":1,"requests":5}}}]}"#,
         "value out of range: SHARD requestTimeoutMilliseconds 0, expected 10 to 3600000"),
        ("ACK", #"{"shardID":"s","epoch":1,"nextSequence":-1}"#,
         "value out of range: ACK nextSequence -1, expected 0 to 1000000000"),
        ("REPORT", #"{"shardID":"s","epoch":1,"sequence":0,"final":false,"intervalNanoseconds":1,"intervalEndNanoseconds":5,"startedAtNanoseconds":4,"targets":[]}"#
            .replacingOccurrences(of: "\"sequence\":0", with: "\"sequence\":9223372036854775807"),
         "value out of range: REPORT sequence 9223372036854775807, expected 0 to 1000000000"),
        ("REPORT", #"{"shardID":"s","epoch":1,"sequence":0,"final":false,"intervalNanoseconds":1,"intervalEndNanoseconds":18446744073709551615,"startedAtNanoseconds":4,"targets":[]}"#,
         "value out of range: REPORT intervalEndNanoseconds 18446744073709551615, expected 0 to 2^62"),
        ("REPORT", #"{"shardID":"s","epoch":1,"sequence":0,"final":false,"intervalNanoseconds":1,"intervalEndNanoseconds":5,"startedAtNanoseconds":4,"targets":[],"engineHealth":{"lateWakeUps":-1,"lateWakeUpNanoseconds":0,"longestLateWakeUpNanoseconds":0}}"#,
         "value out of range: REPORT engineHealth lateWakeUps -1, expected 0 to 1000000000000"),
        ("REPORT", #"{"shardID":"s","epoch":1,"sequence":0,"final":false,"intervalNanoseconds":1,"intervalEndNanoseconds":5,"startedAtNanoseconds":4,"targets":[],"engineHealth":{"lateWakeUps":1,"lateWakeUpNanoseconds":86400000000001,"longestLateWakeUpNanoseconds":0}}"#,
         "value out of range: REPORT engineHealth lateWakeUpNanoseconds 86400000000001, expected at most a day"),
        ("START", #"{"shardID":"s","epoch":1,"startAtNanoseconds":9223372036854775808}"#,
         "value out of range: START startAtNanoseconds 9223372036854775808, expected 0 to 2^62"),
        ("TIME-REPLY", #"{"sequence":1,"probeSentNanoseconds":5,"receivedNanoseconds":9,"repliedNanoseconds":8}"#,
         "value out of range: TIME-REPLY replied before it received the probe"),
        ("TIME", #"{"sequence":-1,"sentNanoseconds":5}"#, "value out of range: TIME sequence -1, expected 0 to 1000000000"),
        ("LOG", #"{"level":"info","text":"x","suppressed":-3}"#,
         "value out of range: LOG suppressed -3, expected 0 to 1000000000000"),
        ("LOG", "{\"level\":\"info\",\"suppressed\":0,\"text\":\"" + String(repeating: "y", count: 2001) + "\"}",
         "value out of range: LOG text of 2001 bytes, expected 0 to 2000"),
    ]

    @Test(arguments: 0..<absurd.count) func absurdValuesAreRefusedWithTheirRange(case index: Int) {
        let (type, json, expected) = Self.absurd[index]
        #expect(throws: WireError.outOfRange(String(expected.dropFirst("value out of range: ".count)))) {
            _ = try WireMessage(frames: Self.frames(type, json))
        }
        #expect(WireError.outOfRange(String(expected.dropFirst("value out of range: ".count))).description == expected)
    }

    @Test func aReportCarriesItsEngineWakeDelaysAndOmitsThemWhenAbsent() throws {
        var header = ReportHeader(shardID: "s", epoch: 1, sequence: 0, final: false, intervalNanoseconds: 1, targets: [])
        let plain = WireMessage.report(header, histograms: []).frames()
        #expect(!String(decoding: plain[1], as: UTF8.self).contains("engineHealth"))
        header.engineHealth = EngineHealth(
            lateWakeUps: 3, lateWakeUpNanoseconds: 9_000_000, longestLateWakeUpNanoseconds: 5_000_000, runQueueWaitNanoseconds: 70_000)
        guard case .report(let decoded, _) = try WireMessage(frames: WireMessage.report(header, histograms: []).frames())
        else { Issue.record("not a REPORT"); return }
        #expect(decoded.engineHealth == header.engineHealth)
    }

    @Test func onlyWakeUpsMoreThanOneMillisecondLateAreCountedAndTheyAddUp() {
        var delays = EngineHealth()
        delays.woke(asked: 10_000_000, at: 9_000_000)  // early: events came first
        delays.woke(asked: 10_000_000, at: 11_000_000)  // exactly 1 ms: on time
        #expect(delays == EngineHealth())
        delays.woke(asked: 10_000_000, at: 11_000_001)
        delays.woke(asked: 20_000_000, at: 26_000_000)
        #expect(delays == EngineHealth(lateWakeUps: 2, lateWakeUpNanoseconds: 7_000_001, longestLateWakeUpNanoseconds: 6_000_000))
        #expect(!delays.isEmpty && EngineHealth().isEmpty)
        var other = EngineHealth(lateWakeUps: 1, lateWakeUpNanoseconds: 2_000_000, longestLateWakeUpNanoseconds: 2_000_000, runQueueWaitNanoseconds: 5)
        other.add(delays)
        #expect(other == EngineHealth(lateWakeUps: 3, lateWakeUpNanoseconds: 9_000_001, longestLateWakeUpNanoseconds: 6_000_000, runQueueWaitNanoseconds: 5))
        #expect(!EngineHealth(lateWakeUps: 0, lateWakeUpNanoseconds: 0, longestLateWakeUpNanoseconds: 0, runQueueWaitNanoseconds: 1).isEmpty)
    }

    @Test func reportCountersNearIntMaxAreRefused() throws {
        let entry = TargetCounters(target: 0, sent: Int.max, statusClasses: ["2xx": Int.max])
        let header = ReportHeader(shardID: "s", epoch: 1, sequence: 0, final: false, intervalNanoseconds: 1, targets: [entry])
        let frames = WireMessage.report(header, histograms: [.empty()]).frames()
        #expect(throws: WireError.outOfRange("REPORT sent 9223372036854775807, expected 0 to 1000000000000")) {
            _ = try WireMessage(frames: frames)
        }
        var bogus = TargetCounters(target: 0, sent: 1)
        bogus.errors = ["bogus": 1]
        let other = ReportHeader(shardID: "s", epoch: 1, sequence: 0, final: false, intervalNanoseconds: 1, targets: [bogus])
        #expect(throws: WireError.outOfRange("REPORT error kind \"bogus\"")) {
            _ = try WireMessage(frames: WireMessage.report(other, histograms: [.empty()]).frames())
        }
    }

    @Test func fiveThousandDropsPrintThreeExamplesAndOneSummary() {
        var log = DropLog()
        var lines: [String] = []
        let start: UInt64 = 10_000_000_000
        for index in 0..<5000 {
            lines += log.note(.malformed, "example \(index)", now: start + UInt64(index))
        }
        lines += log.flush(now: start + 1_000_000_000)
        #expect(log.counts == [.malformed: 5000])
        #expect(log.total == 5000)
        #expect(lines == [
            "dropped a message (malformed): example 0", "dropped a message (malformed): example 1",
            "dropped a message (malformed): example 2",
            "dropped 4997 more messages without printing them (5000 dropped so far)",
        ])
        #expect(log.flush(now: start + 3_000_000_000) == [])
    }

    @Test func theDropHookDropsExactlyTheNthMessageOfItsType() {
        var drops = OutgoingDrops("REPORT:2,START:1,bogus,ACK:x")
        let reports = (1...4).map { _ in drops.shouldDrop(.report) }
        let starts = (1...3).map { _ in drops.shouldDrop(.start) }
        #expect(reports == [false, true, false, false])
        #expect(starts == [true, false, false])
        #expect(drops.shouldDrop(.ack) == false)
        #expect(drops.dropped == 2)
        var every = OutgoingDrops("REPORT:*")
        #expect((1...3).map { _ in every.shouldDrop(.report) } == [true, true, true])
    }

    /// 20 000 random payloads under every message type and under random types: none traps, and every one is refused
    /// except under HEARTBEAT and SHUTDOWN, whose payload is ignored.
    @Test func randomBytesNeverTrapTheDecoder() {
        var generator = SystemRandomNumberGenerator()
        var refused = 0
        var expectedRefused = 0
        let types = MessageType.allCases.map(\.rawValue)
        for round in 0..<20_000 {
            let length = Int.random(in: 0..<64, using: &generator)
            let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let known = round % 2 == 0
            let type = known ? types[round % types.count] : "X" + String(decoding: payload.prefix(6), as: UTF8.self)
            if (try? WireMessage(frames: [Array(type.utf8), payload])) == nil { refused += 1 }
            if !(known && (type == "HEARTBEAT" || type == "SHUTDOWN")) { expectedRefused += 1 }
        }
        #expect(refused == expectedRefused)
        #expect(expectedRefused > 18_000)
    }
}
