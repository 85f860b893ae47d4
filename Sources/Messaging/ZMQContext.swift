internal import CZeroMQ

/// A ZeroMQ context: the I/O threads and the registry of sockets of one process part.
///
/// Create one per process (or per subsystem) and give it to every ``ZMQSocket``. Each socket keeps
/// its context alive, so the context is terminated (`zmq_ctx_term`) in `deinit` only after every
/// socket of it was closed, which is why ``ZMQSocket`` defaults to a linger of 0: termination
/// never waits for unsent messages.
///
/// `@unchecked Sendable`: libzmq documents contexts as thread-safe, and the only stored property
/// is the immutable handle, so no lock is needed; any thread may create sockets or call
/// ``shutdown()``.
public final class ZMQContext: @unchecked Sendable {
    /// The libzmq context handle; never NULL, never reassigned.
    let handle: UnsafeMutableRawPointer

    /// Creates a context with libzmq's defaults (one I/O thread).
    public init() throws(ZMQError) {
        var created: UnsafeMutableRawPointer?
        try zmqCall("zmq_ctx_new()") {
            created = zmq_ctx_new()
            return created == nil ? -1 : 0
        }
        handle = created!
    }

    deinit {
        // Every socket holds a strong reference to its context, so all are closed by now and
        // zmq_ctx_term returns at once. It can only fail with EINTR (retry) or EFAULT (impossible
        // for a live handle).
        while true {
            do {
                try zmqCall("zmq_ctx_term()") { zmq_ctx_term(handle) }
                return
            } catch where error.isInterrupted {
                continue
            } catch {
                return
            }
        }
    }

    /// Makes every blocking call on this context's sockets return with an error whose
    /// ``ZMQError/isContextTerminated`` is true, from any thread.
    ///
    /// This is how a socket-owning thread is told to stop; it then closes its sockets. Safe to call
    /// more than once. The context itself is released in `deinit`.
    public func shutdown() {
        // zmq_ctx_shutdown fails only with EFAULT for an invalid handle, which a live context never
        // has; there is nothing a caller could do with that error, so it is dropped.
        _ = try? zmqCall("zmq_ctx_shutdown()") { zmq_ctx_shutdown(handle) }
    }

    /// The version of the libzmq this process runs with, e.g. `(4, 3, 4)`, for logs and
    /// compatibility checks.
    public static var version: (major: Int, minor: Int, patch: Int) {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (Int(major), Int(minor), Int(patch))
    }

    /// Whether this libzmq was built with `capability` (`zmq_has`), e.g. `"curve"` for encrypted
    /// transport or `"ipc"`; lets callers fail early with a clear message instead of at bind time.
    public static func has(_ capability: String) -> Bool {
        capability.withCString { zmq_has($0) } == 1
    }
}
