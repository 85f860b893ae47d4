import Testing
import Wire

@testable import Report

/// What the coordinator says about an agent's engine threads after a phase: late wake-ups past 0.5 % of the phase
/// (or one of 50 ms), and threads 85 % busy or more; nothing otherwise.
@Suite struct EngineNotesTests {
    static let tenSeconds: UInt64 = 10_000_000_000

    @Test func aQuietEngineGetsNoNote() {
        #expect(EngineHealthSummary.phaseNotes(EngineHealth(), nanoseconds: Self.tenSeconds, cores: 1).isEmpty)
        // 20 late wake-ups, 40 ms in all (0.4 % of 10 s), the longest 5 ms; 60 % busy.
        let quiet = EngineHealth(
            lateWakeUps: 20, lateWakeUpNanoseconds: 40_000_000, longestLateWakeUpNanoseconds: 5_000_000, runQueueWaitNanoseconds: 90_000_000,
            cpuNanoseconds: 6_000_000_000)
        #expect(EngineHealthSummary.phaseNotes(quiet, nanoseconds: Self.tenSeconds, cores: 1).isEmpty)
    }

    @Test func lateWakeUpsPastHalfAPercentOrOneOfFiftyMillisecondsAreNamed() {
        let many = EngineHealth(lateWakeUps: 25, lateWakeUpNanoseconds: 50_000_000, longestLateWakeUpNanoseconds: 4_000_000)
        #expect(EngineHealthSummary.phaseNotes(many, nanoseconds: Self.tenSeconds, cores: 1) == [
            "its engine woke more than 1 ms late 25 times (50.0 ms in all, longest 4.0 ms); its host, not the servers, "
                + "delayed those sends (see late)"
        ])
        let one = EngineHealth(lateWakeUps: 1, lateWakeUpNanoseconds: 50_000_000, longestLateWakeUpNanoseconds: 50_000_000, runQueueWaitNanoseconds: 2_500_000)
        #expect(EngineHealthSummary.phaseNotes(one, nanoseconds: 100 * Self.tenSeconds, cores: 1) == [
            "its engine woke more than 1 ms late 1 time (50.0 ms in all, longest 50.0 ms; 2.5 ms waiting for a CPU); "
                + "its host, not the servers, delayed those sends (see late)"
        ])
    }

    @Test func threadsEightyFivePercentBusyAreNamedWithTheirCores() {
        let busy = EngineHealth(lateWakeUps: 0, lateWakeUpNanoseconds: 0, longestLateWakeUpNanoseconds: 0, cpuNanoseconds: 9_100_000_000)
        #expect(EngineHealthSummary.phaseNotes(busy, nanoseconds: Self.tenSeconds, cores: 1) == [
            "its engine threads were 91 % busy over the phase (1 core): the load generator was near its limit, so the "
                + "results may be its as much as the servers' (add agents or --threads)"
        ])
        // The same CPU time over two threads is 45 % of their cores.
        #expect(EngineHealthSummary.phaseNotes(busy, nanoseconds: Self.tenSeconds, cores: 2).isEmpty)
        let both = EngineHealth(lateWakeUps: 0, lateWakeUpNanoseconds: 0, longestLateWakeUpNanoseconds: 0, cpuNanoseconds: 17_400_000_000)
        #expect(EngineHealthSummary.phaseNotes(both, nanoseconds: Self.tenSeconds, cores: 2).first?.contains("87 % busy over the phase (2 cores)") == true)
    }

    @Test func aBusySecondInAPhaseOfPausesIsNamed() {
        // The reference experiment's shape: 70 s of phase, most of it a pause; 7 s of CPU is 10 % of it. Its burst:
        // five reports of 200 ms at 190 ms of CPU each, then five at 10 ms.
        var stretch = BusiestStretch()
        for _ in 0..<5 { stretch.add(cpuNanoseconds: 190_000_000, intervalNanoseconds: 200_000_000) }
        for _ in 0..<5 { stretch.add(cpuNanoseconds: 10_000_000, intervalNanoseconds: 200_000_000) }
        #expect(stretch.busiestFraction == 0.95)
        let phase = EngineHealth(lateWakeUps: 0, lateWakeUpNanoseconds: 0, longestLateWakeUpNanoseconds: 0, cpuNanoseconds: 7_000_000_000)
        #expect(EngineHealthSummary.phaseNotes(phase, nanoseconds: 7 * Self.tenSeconds, cores: 1).isEmpty)
        #expect(EngineHealthSummary.phaseNotes(phase, nanoseconds: 7 * Self.tenSeconds, cores: 1, busiest: stretch) == [
            "its engine threads were 95 % busy in the phase's busiest second (1 core): the load generator was near its "
                + "limit, so the results may be its as much as the servers' (add agents or --threads)"
        ])
        // On two cores the same second is 47.5 % of them.
        #expect(EngineHealthSummary.phaseNotes(phase, nanoseconds: 7 * Self.tenSeconds, cores: 2, busiest: stretch).isEmpty)
        // A phase busy as a whole is said so, whatever its busiest second.
        let busy = EngineHealth(lateWakeUps: 0, lateWakeUpNanoseconds: 0, longestLateWakeUpNanoseconds: 0, cpuNanoseconds: 8_800_000_000)
        #expect(EngineHealthSummary.phaseNotes(busy, nanoseconds: Self.tenSeconds, cores: 1, busiest: stretch).first?
            .contains("88 % busy over the phase (1 core)") == true)
    }

    @Test func aStretchIsASecondOfReportsAndAShortPhaseIsOne() {
        var stretch = BusiestStretch()
        #expect(stretch.busiestFraction == nil)
        // Three reports of 300 ms make no second yet: the stretch so far counts.
        for cpu: UInt64 in [300_000_000, 0, 150_000_000] { stretch.add(cpuNanoseconds: cpu, intervalNanoseconds: 300_000_000) }
        #expect(stretch.busiestFraction == 0.5)
        // The fourth closes a second of 1.2 s at 0.5; the next second, of one report, at 0.25: the busiest stays.
        stretch.add(cpuNanoseconds: 150_000_000, intervalNanoseconds: 300_000_000)
        stretch.add(cpuNanoseconds: 250_000_000, intervalNanoseconds: 1_000_000_000)
        #expect(stretch.busiestFraction == 0.5)
        var other = BusiestStretch()
        other.add(cpuNanoseconds: 900_000_000, intervalNanoseconds: 1_000_000_000)
        #expect(BusiestStretch.busier(stretch, other).busiestFraction == 0.9)
        #expect(BusiestStretch.busier(other, stretch).busiestFraction == 0.9)
        #expect(BusiestStretch.busier(nil, stretch).busiestFraction == 0.5)
    }

    @Test func aPhaseIsTheRunningTotalLessItsStart() {
        let start = EngineHealth(lateWakeUps: 2, lateWakeUpNanoseconds: 3_000_000, longestLateWakeUpNanoseconds: 2_000_000, runQueueWaitNanoseconds: 10, cpuNanoseconds: 100)
        let end = EngineHealth(lateWakeUps: 5, lateWakeUpNanoseconds: 9_000_000, longestLateWakeUpNanoseconds: 4_000_000, runQueueWaitNanoseconds: 25, cpuNanoseconds: 400)
        #expect(end.since(start) == EngineHealth(
            lateWakeUps: 3, lateWakeUpNanoseconds: 6_000_000, longestLateWakeUpNanoseconds: 4_000_000, runQueueWaitNanoseconds: 15, cpuNanoseconds: 300))
        #expect(end.since(EngineHealth()) == end)
    }
}
