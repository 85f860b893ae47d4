import BenchCore

/// Accumulates one target's results for the current interval; the engine thread owns it.
struct TargetRecorder {
    var counters: TargetCounters
    var histograms = TargetHistograms.empty()
    var active = false

    init(target: Int) { counters = TargetCounters(target: target) }

    mutating func recordSent(late: Bool) {
        counters.sent += 1
        if late { counters.late += 1 }
        active = true
    }

    mutating func recordDropped() {
        counters.dropped += 1
        active = true
    }

    mutating func recordResponse(status: Int, latency: UInt64, service: UInt64, bytes: Int, instance: String?) {
        counters.statusClasses["\(status / 100)xx", default: 0] += 1
        counters.bytes += bytes
        if let instance { counters.instances[instance, default: 0] += 1 }
        record(latency: latency, service: service)
    }

    /// A transport error goes into both histograms at the time it was observed, like a response.
    mutating func recordError(kind: ErrorKind, latency: UInt64, service: UInt64) {
        counters.errors[kind.rawValue, default: 0] += 1
        record(latency: latency, service: service)
    }

    private mutating func record(latency: UInt64, service: UInt64) {
        histograms.latency.recordLatency(nanoseconds: latency)
        histograms.service.recordLatency(nanoseconds: service)
        active = true
    }

    /// Returns the interval's results and starts a new interval.
    mutating func drain() -> (TargetCounters, TargetHistograms)? {
        guard active else { return nil }
        defer {
            counters = TargetCounters(target: counters.target)
            histograms.latency.reset()
            histograms.service.reset()
            active = false
        }
        return (counters, histograms)
    }
}
