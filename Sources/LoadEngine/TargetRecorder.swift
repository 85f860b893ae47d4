import BenchCore

/// Accumulates one target's results for the current interval; the engine thread owns it.
struct TargetRecorder {
    var counters: TargetCounters
    var histogram = LatencyHistogram.latency()
    var active = false

    init(target: Int) { counters = TargetCounters(target: target) }

    mutating func recordSent() {
        counters.sent += 1
        active = true
    }

    mutating func recordResponse(status: Int, latency: UInt64, bytes: Int, instance: String?) {
        counters.statusClasses["\(status / 100)xx", default: 0] += 1
        counters.bytes += bytes
        if let instance { counters.instances[instance, default: 0] += 1 }
        histogram.recordLatency(nanoseconds: latency)
        active = true
    }

    mutating func recordError(kind: String, latency: UInt64) {
        counters.errors[kind, default: 0] += 1
        histogram.recordLatency(nanoseconds: latency)
        active = true
    }

    /// Returns the interval's results and starts a new interval.
    mutating func drain() -> (TargetCounters, LatencyHistogram)? {
        guard active else { return nil }
        defer {
            counters = TargetCounters(target: counters.target)
            histogram.reset()
            active = false
        }
        return (counters, histogram)
    }
}
