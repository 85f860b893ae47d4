internal import CZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

/// Wakes a thread blocked in ``ZMQPoller/poll(timeout:)`` from any other thread (Linux eventfd).
///
/// Async code that queued work for a socket-owning thread calls ``signal()``; the owning thread
/// polls ``fileDescriptor`` next to its sockets and calls ``drain()`` when it is readable. Signals
/// coalesce: several `signal()` calls before a `drain()` wake the poller once.
///
/// `@unchecked Sendable`: the only stored property is the immutable descriptor, and the kernel
/// serialises the eventfd counter, so no lock is needed for `signal()` from any thread.
public final class WakeupSignal: @unchecked Sendable {
    /// The eventfd to add to a ``ZMQPoller`` (`add(fileDescriptor:)`); readable after a
    /// ``signal()`` until ``drain()``. Owned by this object and closed in `deinit`, so keep the
    /// signal alive as long as a poller uses the descriptor.
    public let fileDescriptor: Int32

    /// Creates the eventfd (non-blocking, close-on-exec).
    public init() throws(ZMQError) {
        fileDescriptor = try zmqCall("eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)") { cb_eventfd_create() }
    }

    deinit {
        _ = Glibc.close(fileDescriptor)
    }

    /// Makes ``fileDescriptor`` readable so the polling thread wakes up. Never blocks; callable from
    /// any thread or task.
    public func signal() {
        // Fails only with EAGAIN when the counter is saturated, which still leaves the descriptor
        // readable: the wake-up is already pending, so the result is ignored.
        _ = cb_eventfd_signal(fileDescriptor)
    }

    /// Resets the signal after a wake-up, so the next poll waits again. Call on the polling thread
    /// before handling the queued work, so a signal that races with the handling is not lost.
    public func drain() {
        // One read resets the counter to 0; EAGAIN means it was already drained, EINTR is retried.
        while cb_eventfd_drain(fileDescriptor) == -1, errno == EINTR {}
    }
}
