import Wire

/// Accumulates one target's results for the current interval; the engine thread owns it.
struct TargetRecorder {
    var counters: TargetCounters
    var histograms = TargetHistograms.empty()
    var active = false
    /// Responses by status class (index status / 100, 0...9), kept as plain integers on the hot path and turned
    /// into `counters.statusClasses` ("2xx": n) only when the interval is drained.
    private var classCounts = [Int](repeating: 0, count: 10)
    /// Transport errors by kind, likewise.
    private var errorCounts = [Int](repeating: 0, count: ErrorKind.allCases.count)

    init(target: Int) { counters = TargetCounters(target: target) }

    /// A request sent; `late` if it left more than 1 ms after its due time, `atCap` if it had waited for a free slot.
    mutating func recordSent(late: Bool, atCap: Bool = false) {
        counters.sent += 1
        if late {
            counters.late += 1
            if atCap { counters.lateAtCap = (counters.lateAtCap ?? 0) + 1 }
        }
        active = true
    }

    mutating func recordDropped() {
        counters.dropped += 1
        active = true
    }

    /// A response that ended at `now` (a `MonotonicClock` reading).
    mutating func recordResponse(
        status: Int, latency: UInt64, service: UInt64, bytes: Int, instance: String?, at now: UInt64
    ) {
        classCounts[min(9, max(0, status / 100))] += 1
        counters.bytes += bytes
        if let instance { counters.instances[instance, default: 0] += 1 }
        record(latency: latency, service: service, at: now)
    }

    /// A transport error goes into both histograms at the time it was observed (`now`), like a response.
    mutating func recordError(kind: ErrorKind, latency: UInt64, service: UInt64, at now: UInt64) {
        errorCounts[kind.index] += 1
        record(latency: latency, service: service, at: now)
    }

    private mutating func record(latency: UInt64, service: UInt64, at now: UInt64) {
        histograms.latency.recordLatency(nanoseconds: latency)
        histograms.service.recordLatency(nanoseconds: service)
        // Requests end in time order on the engine thread.
        counters.lastEndNanoseconds = now
        active = true
    }

    /// Returns the interval's results and starts a new interval.
    mutating func drain() -> (TargetCounters, TargetHistograms)? {
        guard active else { return nil }
        for (index, count) in classCounts.enumerated() where count > 0 {
            counters.statusClasses["\(index)xx"] = count
            classCounts[index] = 0
        }
        for (index, count) in errorCounts.enumerated() where count > 0 {
            counters.errors[ErrorKind.allCases[index].rawValue] = count
            errorCounts[index] = 0
        }
        defer {
            counters = TargetCounters(target: counters.target)
            histograms.latency.reset()
            histograms.service.reset()
            active = false
        }
        return (counters, histograms)
    }
}
