#if canImport(Glibc)
import Glibc
#endif
import Wire

/// The recording side of an engine loop, shared by both engines: one `TargetRecorder` per target, the lateness rule
/// and the interval reports. Confined to the engine thread.
struct IntervalReporter {
    var recorders: [TargetRecorder]
    private let emit: @Sendable (IntervalReport) -> Void
    /// Report interval, in nanoseconds.
    let interval: UInt64
    private var sequence = 0
    private var intervalStart: UInt64 = 0
    /// When the shard began (every report carries it, for the coordinator's start skew).
    private var startedAt: UInt64 = 0
    /// The interval's late wake-ups of the engine thread (its run-queue wait and CPU time are added at the report).
    private var engineHealth = EngineHealth()
    /// The engine thread's run-queue wait and CPU time when the interval began.
    private var runQueueWaitAtStart: UInt64?
    private var cpuAtStart: UInt64 = 0

    init(targets: Int, reportIntervalMilliseconds: Int, emit: @escaping @Sendable (IntervalReport) -> Void) {
        recorders = (0..<targets).map { TargetRecorder(target: $0) }
        self.emit = emit
        interval = UInt64(max(1, reportIntervalMilliseconds)) * 1_000_000
    }

    /// The first interval starts at `start`; returns when the first report is due.
    mutating func begin(at start: UInt64) -> UInt64 {
        intervalStart = start
        startedAt = start
        runQueueWaitAtStart = LoopStallWatch.runQueueWait()
        cpuAtStart = Self.threadCPUTime()
        return start + interval
    }

    /// Notes that the engine thread, having asked to wake at `asked`, woke at `now` (counted if more than 1 ms late).
    mutating func woke(asked: UInt64, at now: UInt64) {
        engineHealth.woke(asked: asked, at: now)
    }

    /// Counts a send of `target` that leaves at `now`, late if it was `scheduled` more than
    /// `LoadEngine.lateThreshold` earlier (a closed loop's send has no schedule and is never late).
    mutating func recordSend(target: Int, scheduled: UInt64?, now: UInt64, atCap: Bool = false) {
        let late = scheduled.map { now > $0 && now - $0 > LoadEngine.lateThresholdNanoseconds } ?? false
        recorders[target].recordSent(late: late, atCap: atCap)
    }

    /// Counts a request of `target` that failed before it could leave: sent and failed with `kind` at once.
    mutating func recordFailedSend(target: Int, dueAt: UInt64, kind: ErrorKind) {
        let now = MonotonicClock.now()
        recordSend(target: target, scheduled: dueAt, now: now)
        recorders[target].recordError(kind: kind, latency: max(1, now &- dueAt), service: 1, at: now)
    }

    /// Emits the interval's results of every target that saw activity, and starts the next interval.
    mutating func report(final: Bool) {
        let now = MonotonicClock.now()
        var counters: [TargetCounters] = []
        var histograms: [TargetHistograms] = []
        for index in recorders.indices {
            if let (c, h) = recorders[index].drain() {
                counters.append(c)
                histograms.append(h)
            }
        }
        let runQueueWait = LoopStallWatch.runQueueWait()
        if let runQueueWait, let before = runQueueWaitAtStart, runQueueWait >= before {
            engineHealth.runQueueWaitNanoseconds = runQueueWait - before
        }
        let cpu = Self.threadCPUTime()
        engineHealth.cpuNanoseconds = cpu >= cpuAtStart ? cpu - cpuAtStart : 0
        emit(
            IntervalReport(
                sequence: sequence, final: final, intervalNanoseconds: now - intervalStart, targets: counters,
                histograms: histograms, intervalEnd: now, startedAt: startedAt, engineHealth: engineHealth))
        sequence += 1
        intervalStart = now
        runQueueWaitAtStart = runQueueWait
        cpuAtStart = cpu
        engineHealth = EngineHealth()
    }

    /// The calling thread's CPU time (user and system), nanoseconds.
    static func threadCPUTime() -> UInt64 {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
