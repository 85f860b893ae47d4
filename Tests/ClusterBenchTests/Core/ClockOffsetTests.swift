import Testing
import Wire

/// The NTP-style offset estimate: exact on symmetric paths, the true offset always within the stated uncertainty
/// on asymmetric ones, the best (smallest delay) of several samples kept, impossible readings refused.
@Suite struct ClockOffsetTests {
    /// A round trip to an agent whose clock reads `skew` more than ours, `out` ns on the way there, `back` ns on the
    /// way back and `turn` ns between receiving and replying, sent at our `t1`.
    static func trip(
        _ estimate: inout ClockOffset, t1: UInt64, skew: Int64, out: UInt64, back: UInt64, turn: UInt64 = 1_000
    ) -> Bool {
        let t2 = UInt64(Int64(t1 + out) + skew)
        let t3 = t2 + turn
        let t4 = t1 + out + turn + back
        return estimate.add(t1: t1, t2: t2, t3: t3, t4: t4)
    }

    @Test(arguments: [Int64(0), 5_000_000_000, -3_000_000_000, 123_456_789])
    func aSymmetricPathGivesTheSkewExactly(skew: Int64) {
        var estimate = ClockOffset()
        #expect(Self.trip(&estimate, t1: 10_000_000_000, skew: skew, out: 40_000, back: 40_000))
        #expect(estimate.offset == skew)
        #expect(estimate.uncertainty == 40_000)
        #expect(estimate.agentTime(20_000_000_000) == UInt64(20_000_000_000 + skew))
        #expect(estimate.coordinatorTime(UInt64(20_000_000_000 + skew)) == 20_000_000_000)
    }

    @Test func theBestOfSeveralRoundTripsIsKeptAndTheTruthLiesWithinItsUncertainty() {
        var estimate = ClockOffset(capacity: 8)
        let skew: Int64 = 7_000_000
        // Asymmetric trips: the estimate is off by (out - back) / 2, at most half the delay.
        let paths: [(UInt64, UInt64)] = [(900_000, 100_000), (50_000, 450_000), (30_000, 10_000), (2_000_000, 5_000)]
        for (index, path) in paths.enumerated() {
            #expect(Self.trip(&estimate, t1: 1_000_000_000 * UInt64(index + 1), skew: skew, out: path.0, back: path.1))
            let best = estimate.best!
            #expect(abs(best.offset - skew) <= estimate.uncertainty!)
        }
        #expect(estimate.best?.delay == 40_000)
        #expect(estimate.offset == skew + 10_000)
        #expect(estimate.uncertainty == 20_000)
    }

    @Test func onlyTheLastSamplesAreKept() {
        var estimate = ClockOffset(capacity: 2)
        #expect(Self.trip(&estimate, t1: 1_000, skew: 0, out: 10, back: 10))
        #expect(Self.trip(&estimate, t1: 2_000_000, skew: 0, out: 500, back: 500))
        #expect(Self.trip(&estimate, t1: 3_000_000, skew: 0, out: 700, back: 700))
        #expect(estimate.samples.count == 2)
        #expect(estimate.best?.delay == 1_000)
    }

    @Test func readingsThatCannotBeOneRoundTripAreRefused() {
        var estimate = ClockOffset()
        let kept = [
            estimate.add(t1: 100, t2: 5, t3: 6, t4: 99), estimate.add(t1: 100, t2: 9, t3: 8, t4: 200),
            estimate.add(t1: 100, t2: 0, t3: 500, t4: 200), estimate.add(t1: 0, t2: 0, t3: 1, t4: UInt64.max),
        ]
        #expect(kept == [false, false, false, false])
        #expect(estimate.samples.isEmpty && estimate.uncertainty == nil && estimate.offset == 0)
    }
}
