import Testing
import Wire

/// The agent's LOG lines: at most the bucket's burst at once and its rate after, held-back lines counted on the
/// next line that goes, at most `capacity` waiting, each cut to the wire's 2000 bytes.
@Suite struct LogLineQueueTests {
    @Test func aFloodIsCutToTheBurstThenTheRateAndTheRestIsCounted() {
        var queue = LogLineQueue(rate: 10, burst: 5, capacity: 100)
        let start: UInt64 = 1_000_000_000
        let queued = (0..<1000).filter { queue.push(.info, "line \($0)", now: start + UInt64($0)) }
        #expect(queued == [0, 1, 2, 3, 4])
        #expect(queue.suppressed == 995)
        // A second later the bucket holds 5 again (10/s, capped at the burst): the next line carries the count.
        let later = queue.push(.error, "later", now: start + 1_000_000_000)
        #expect(later)
        let lines = queue.take()
        #expect(lines.count == 6)
        #expect(lines.last == AgentLogLine(level: .error, text: "later", suppressed: 995))
        #expect(queue.take().isEmpty && queue.suppressed == 0)
    }

    @Test func linesWaitingForTheSocketAreCapped() {
        var queue = LogLineQueue(rate: 1e9, burst: 1e9, capacity: 3)
        let pushed = (0..<5).map { queue.push(.debug, "x", now: UInt64($0) * 1_000_000_000) }
        #expect(pushed == [true, true, true, false, false])
        #expect(queue.take().count == 3)
        let again = queue.push(.debug, "y", now: 9_000_000_000)
        #expect(again)
        #expect(queue.take() == [AgentLogLine(level: .debug, text: "y", suppressed: 2)])
    }

    @Test func aLongLineIsCutAtACharacterWithinTheWireLimit() throws {
        var queue = LogLineQueue()
        let pushed = queue.push(.warning, String(repeating: "é", count: 1500), now: 1)
        #expect(pushed)
        let line = try #require(queue.take().first)
        #expect(line.text.utf8.count <= 2000 && line.text.hasSuffix("..."))
        #expect(line.text.dropLast(3).allSatisfy { $0 == "é" })
        #expect(try WireMessage(frames: WireMessage.log(line).frames()) == .log(line))
    }

    @Test func levelsAreOrderedAsSwiftLogOrdersThem() {
        #expect(AgentLogLevel.allCases.map(\.rawValue) == ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        #expect(AgentLogLevel.debug < .info && AgentLogLevel.error >= .error && !(AgentLogLevel.critical < .warning))
    }
}
