import Wire

/// The agent's clock on the wire: its `MonotonicClock`, which the coordinator relates to its own by clock probes.
///
/// Test hook (test-only): the environment variable `CLUSTERBENCH_TEST_CLOCK_SKEW_NS` (signed nanoseconds) shifts
/// every reading the agent puts on the wire, and every instant it reads from the wire back, by that much, so that
/// agents on one host, which share CLOCK_MONOTONIC, behave as if their clocks differed as on separate hosts. A list
/// `NS@NAME,NS@NAME` gives each named agent its own shift (agents not named get none).
struct AgentClock {
    /// The environment variable of the test hook.
    static let skewVariable = "CLUSTERBENCH_TEST_CLOCK_SKEW_NS"
    /// The shift, nanoseconds; 0 outside tests.
    let skew: Int64

    init(environment: [String: String], agent: String) {
        var value: Int64 = 0
        for item in (environment[Self.skewVariable] ?? "").split(separator: ",") {
            let parts = item.split(separator: "@", maxSplits: 1)
            if parts.count == 1 || parts[1] == agent { value = Int64(parts[0]) ?? 0 }
        }
        // A shift beyond a year is no clock a test needs, and could push readings out of the wire's range.
        skew = max(-(1 << 55), min(1 << 55, value))
    }

    /// A `MonotonicClock` reading as the wire carries it.
    func wire(_ local: UInt64) -> UInt64 {
        UInt64(max(0, min(Int64(WireLimits.timestamp.upperBound), Int64(clamping: local) + skew)))
    }

    /// An instant from the wire as a `MonotonicClock` reading.
    func local(_ wire: UInt64) -> UInt64 {
        UInt64(max(0, Int64(clamping: wire) - skew))
    }
}
