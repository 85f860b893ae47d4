internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// A monotonic timer descriptor that `MultiHandle.poll` watches beside libcurl's sockets, so the engine wakes at a
/// request's due time to the microsecond rather than at the next whole millisecond of `poll()`'s timeout.
/// Confined to the engine thread.
final class WakeTimer {
    /// The timerfd; -1 if it could not be created (the engine then falls back to millisecond timeouts).
    let fileDescriptor: Int32

    init() { fileDescriptor = cb_timerfd_create() }

    deinit { if fileDescriptor >= 0 { _ = Glibc.close(fileDescriptor) } }

    /// Makes the descriptor readable at `monotonicNanoseconds` (a `MonotonicClock` reading).
    func arm(at monotonicNanoseconds: UInt64) {
        if fileDescriptor >= 0 { _ = cb_timerfd_arm(fileDescriptor, monotonicNanoseconds) }
    }

    /// Clears an expiry, so the next poll waits again.
    func drain() {
        if fileDescriptor >= 0 { cb_timerfd_drain(fileDescriptor) }
    }
}
