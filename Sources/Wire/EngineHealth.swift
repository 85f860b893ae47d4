/// How the engine threads fared on their host: the times they woke more than `threshold` after the instant they
/// asked to wake at (a due arrival, a deadline, a report), how long they waited on a run queue, and the CPU time they
/// used. A load host that is short of CPU, or a virtual machine whose processor is descheduled, shows in the first two
/// (the engine was idle and ready, and the schedule slipped anyway); an engine at the limit of its cores shows in the
/// third. Counts and nanoseconds add up over intervals and threads.
public struct EngineHealth: Codable, Sendable, Equatable {
    /// A wake-up later than this (nanoseconds) is counted: the engine's late threshold, 1 ms.
    public static let threshold: UInt64 = 1_000_000

    /// Wake-ups later than `threshold`.
    public var lateWakeUps = 0
    /// Their delays past the asked instant, added up.
    public var lateWakeUpNanoseconds: UInt64 = 0
    /// The longest of them.
    public var longestLateWakeUpNanoseconds: UInt64 = 0
    /// Time the engine threads were runnable but not running (the kernel's `schedstat`), added up; nil where the
    /// kernel does not say.
    public var runQueueWaitNanoseconds: UInt64?
    /// CPU time the engine threads used (user and system, `CLOCK_THREAD_CPUTIME_ID`); nil where it was not measured.
    public var cpuNanoseconds: UInt64?

    /// No delay.
    public init() {}

    /// Delays with these figures.
    public init(
        lateWakeUps: Int, lateWakeUpNanoseconds: UInt64, longestLateWakeUpNanoseconds: UInt64, runQueueWaitNanoseconds: UInt64? = nil,
        cpuNanoseconds: UInt64? = nil
    ) {
        self.lateWakeUps = lateWakeUps
        self.lateWakeUpNanoseconds = lateWakeUpNanoseconds
        self.longestLateWakeUpNanoseconds = longestLateWakeUpNanoseconds
        self.runQueueWaitNanoseconds = runQueueWaitNanoseconds
        self.cpuNanoseconds = cpuNanoseconds
    }

    /// True when nothing was counted (no late wake-up, no run-queue wait, no CPU time).
    public var isEmpty: Bool { lateWakeUps == 0 && (runQueueWaitNanoseconds ?? 0) == 0 && (cpuNanoseconds ?? 0) == 0 }

    /// Notes a wake-up at `now` by a thread that asked to wake at `asked`: counted if later than `threshold`.
    public mutating func woke(asked: UInt64, at now: UInt64) {
        guard now > asked, now - asked > Self.threshold else { return }
        lateWakeUps += 1
        lateWakeUpNanoseconds += now - asked
        longestLateWakeUpNanoseconds = max(longestLateWakeUpNanoseconds, now - asked)
    }

    /// Adds another interval's or thread's delays.
    public mutating func add(_ other: EngineHealth) {
        lateWakeUps += other.lateWakeUps
        lateWakeUpNanoseconds += other.lateWakeUpNanoseconds
        longestLateWakeUpNanoseconds = max(longestLateWakeUpNanoseconds, other.longestLateWakeUpNanoseconds)
        if let wait = other.runQueueWaitNanoseconds { runQueueWaitNanoseconds = (runQueueWaitNanoseconds ?? 0) + wait }
        if let cpu = other.cpuNanoseconds { cpuNanoseconds = (cpuNanoseconds ?? 0) + cpu }
    }

    /// What was added since `earlier` (a reading of the same running total): counts and times subtracted; the longest
    /// delay stays the total's, which is at least the period's.
    public func since(_ earlier: EngineHealth) -> EngineHealth {
        var period = self
        period.lateWakeUps -= earlier.lateWakeUps
        period.lateWakeUpNanoseconds -= earlier.lateWakeUpNanoseconds
        period.runQueueWaitNanoseconds = runQueueWaitNanoseconds.map { $0 - min($0, earlier.runQueueWaitNanoseconds ?? 0) }
        period.cpuNanoseconds = cpuNanoseconds.map { $0 - min($0, earlier.cpuNanoseconds ?? 0) }
        return period
    }
}
