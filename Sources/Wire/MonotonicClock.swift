#if canImport(Glibc)
import Glibc
#endif

/// Nanoseconds of CLOCK_MONOTONIC: every timestamp the engine, the agent and the coordinator take comes from here.
public enum MonotonicClock {
    /// Now, in nanoseconds since an arbitrary fixed point (boot).
    public static func now() -> UInt64 {
        var spec = timespec(tv_sec: 0, tv_nsec: 0)
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
