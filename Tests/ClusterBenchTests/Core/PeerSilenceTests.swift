import Testing
import Wire

/// A listener's own wait for a CPU does not count as its peer's silence (up to twice the limit), and a loop that
/// does not turn for over its threshold says so, with the run-queue part of the gap.
@Suite struct PeerSilenceTests {
    static let second: UInt64 = 1_000_000_000

    @Test func plainSilencePastTheLimitIsLoss() {
        let silence = PeerSilence(limit: 2 * Self.second, now: 10 * Self.second, wait: 0)
        #expect(!silence.isLost(now: 12 * Self.second, wait: 0))
        #expect(silence.isLost(now: 12 * Self.second + 1, wait: 0))
        #expect(silence.describe(now: 12 * Self.second + 1, wait: 0) == "2.00 s")
    }

    @Test func theListenersOwnRunQueueWaitIsTakenOff() {
        // 2.5 s of silence, 2.13 s of it the listener waiting for a CPU: 0.37 s of silence it could have heard.
        let silence = PeerSilence(limit: 2 * Self.second, now: 0, wait: 1_000_000_000)
        let now = 2_500_000_000 as UInt64
        let wait = 1_000_000_000 + 2_130_000_000 as UInt64
        #expect(!silence.isLost(now: now, wait: wait))
        #expect(silence.describe(now: now, wait: wait) == "2.50 s (2.13 s of it this process waited for a CPU)")
        #expect(silence.silence(now: now, wait: wait) == (2_500_000_000, 2_130_000_000))
    }

    @Test func twiceTheLimitIsLossHoweverStarvedTheListener() {
        var silence = PeerSilence(limit: 2 * Self.second, now: 0, wait: 0)
        #expect(!silence.isLost(now: 4 * Self.second, wait: 4 * Self.second))
        #expect(silence.isLost(now: 4 * Self.second + 1, wait: 4 * Self.second + 1))
        silence.heard(now: 4 * Self.second, wait: 4 * Self.second)
        #expect(!silence.isLost(now: 5 * Self.second, wait: 4 * Self.second))
        #expect(silence.lastHeard == 4 * Self.second)
    }

    @Test func anUnknownRunQueueWaitCountsAsNone() {
        let silence = PeerSilence(limit: Self.second, now: 0, wait: nil)
        #expect(silence.isLost(now: Self.second + 1, wait: 500))
        #expect(silence.silence(now: Self.second + 1, wait: 500) == (Self.second + 1, 0))
    }

    @Test func aLoopThatDoesNotTurnReportsTheGapAndItsWait() {
        var watch = LoopStallWatch(threshold: Self.second / 2)
        #expect(watch.turn(now: 0, wait: 100) == nil)
        #expect(watch.turn(now: Self.second / 2, wait: 100) == nil)
        let stall = watch.turn(now: Self.second / 2 + 2_310_000_000, wait: 100 + 2_200_000_000)
        #expect(stall?.gap == 2_310_000_000)
        #expect(stall?.runQueueWait == 2_200_000_000)
        #expect(stall?.description == "did not turn for 2.31 s, 2.20 s of it waiting for a CPU")
        #expect(watch.stalls == 1)
        #expect(watch.longestGap == 2_310_000_000)
        // Without the kernel's figure, the gap alone.
        let blind = watch.turn(now: Self.second / 2 + 3_310_000_000, wait: nil)
        #expect(blind?.description == "did not turn for 1.00 s")
    }

    @Test func thisThreadsRunQueueWaitIsReadable() throws {
        let first = try #require(LoopStallWatch.runQueueWait())
        var spin: UInt64 = 0
        for index in 0..<1_000_000 { spin &+= UInt64(index) }
        #expect(spin > 0)
        #expect(try #require(LoopStallWatch.runQueueWait()) >= first)
    }
}
