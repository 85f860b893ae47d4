internal import CZeroMQ

/// A failed ZeroMQ (or eventfd) call: which operation, the errno code and libzmq's text for it.
///
/// One error type for the whole messaging layer, so callers can show one clear line
/// (`zmq_bind("tcp://127.0.0.1:5555") failed: Address already in use (errno 98)`) and branch on
/// ``code`` when they need to. The code is the C `errno` value, an open set: new libzmq errors need
/// no new case here.
public struct ZMQError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The C `errno` value libzmq reported (for example `EADDRINUSE`, `EAGAIN`, `ETERM`).
    public let code: Int32
    /// libzmq's human-readable text for ``code`` (`zmq_strerror`).
    public let message: String
    /// The call that failed, with the argument a person needs to act, e.g. `zmq_connect("tcp://host:1")`.
    /// Secret material (CURVE keys) is never included.
    public let operation: String

    /// Creates an error for `operation` from an errno `code`, looking up libzmq's message for it.
    public init(code: Int32, operation: String) {
        self.code = code
        self.message = String(cString: zmq_strerror(code))
        self.operation = operation
    }

    /// One line: the operation, libzmq's message and the errno code.
    public var description: String {
        "\(operation) failed: \(message) (errno \(code))"
    }

    /// True when no message could be sent or received right now (EAGAIN): a non-blocking call
    /// found nothing, or a send/receive timeout passed.
    public var isWouldBlock: Bool { code == EAGAIN }

    /// True when the context was shut down (ETERM): the owning loop should close its sockets and stop.
    public var isContextTerminated: Bool { code == ETERM }

    /// True when a blocking call was interrupted by a signal (EINTR) and may simply be retried.
    public var isInterrupted: Bool { code == EINTR }

    /// True when a ROUTER with ``ZMQSocket/setRouterMandatory(_:)`` had no peer for the routing id
    /// (EHOSTUNREACH).
    public var isHostUnreachable: Bool { code == EHOSTUNREACH }
}

/// Runs one C call and turns its `-1` return into a thrown ``ZMQError``.
///
/// Every fallible libzmq call in this module goes through here (pointer-returning calls map NULL to
/// -1 inside `body`). `errno` is read with `zmq_errno()` straight after the call, before `operation`
/// is built, so building the description cannot clobber it. On Linux `zmq_errno()` is the C `errno`,
/// so the same helper also serves the eventfd syscalls of ``WakeupSignal``.
@discardableResult
@inline(__always)
func zmqCall(_ operation: @autoclosure () -> String, _ body: () -> Int32) throws(ZMQError) -> Int32 {
    let rc = body()
    guard rc == -1 else { return rc }
    let code = zmq_errno()
    throw ZMQError(code: code, operation: operation())
}
