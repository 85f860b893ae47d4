internal import CZeroMQ

/// A ZeroMQ socket: bind or connect, then send and receive whole multipart messages.
///
/// Thread ownership: libzmq sockets are not thread-safe. A socket belongs to one owning thread,
/// which makes every call on it (including `close()`), typically a dedicated thread that polls it
/// with ``ZMQPoller`` and is woken with a ``WakeupSignal``. Never call it from Swift concurrency
/// tasks, which hop threads and would block the shared pool.
///
/// `@unchecked Sendable` only so a socket created on one thread can be handed to its owning thread
/// once; there is no lock, because after that hand-over only the owning thread touches it.
///
/// New sockets have a linger of 0, so closing never waits for unsent messages and the context can
/// always terminate. The socket keeps its ``ZMQContext`` alive and is closed in `deinit` if
/// ``close()`` was not called; `deinit` runs on whichever thread drops the last reference, so let
/// the owning thread close the socket (or drop it) when it is done.
public final class ZMQSocket: @unchecked Sendable {
    /// The context that owns the socket; held so it outlives the socket.
    public let context: ZMQContext
    /// The pattern this socket was created with.
    public let type: ZMQSocketType
    /// The libzmq socket handle, nil once closed. Only the owning thread reads or writes it.
    private(set) var handle: UnsafeMutableRawPointer?

    /// Creates a socket of `type` in `context`, with a linger of 0.
    public init(context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        self.context = context
        self.type = type
        var created: UnsafeMutableRawPointer?
        try zmqCall("zmq_socket(\(type))") {
            created = zmq_socket(context.handle, type.cValue)
            return created == nil ? -1 : 0
        }
        handle = created
        do {
            try setLinger(0)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Closes the socket, dropping unsent messages (linger 0 unless changed). Safe to call more than
    /// once; every later call on the socket throws ``ZMQError`` with `ENOTSOCK`.
    public func close() {
        guard let socket = handle else { return }
        handle = nil
        // zmq_close fails only with ENOTSOCK for an invalid handle, which cannot happen here.
        _ = try? zmqCall("zmq_close(\(type))") { zmq_close(socket) }
    }

    /// Starts listening on `endpoint` (e.g. `tcp://127.0.0.1:0`) and returns the endpoint actually
    /// bound (`ZMQ_LAST_ENDPOINT`), so port 0 yields the real port to hand to peers.
    @discardableResult
    public func bind(_ endpoint: String) throws(ZMQError) -> String {
        let socket = try liveHandle("zmq_bind(\"\(endpoint)\")")
        try zmqCall("zmq_bind(\"\(endpoint)\")") { endpoint.withCString { zmq_bind(socket, $0) } }
        return try lastEndpoint()
    }

    /// Connects to a peer at `endpoint` (e.g. `tcp://10.0.0.5:5555`); libzmq reconnects by itself,
    /// so this succeeds before the peer exists and fails only for a malformed endpoint.
    public func connect(_ endpoint: String) throws(ZMQError) {
        let socket = try liveHandle("zmq_connect(\"\(endpoint)\")")
        try zmqCall("zmq_connect(\"\(endpoint)\")") { endpoint.withCString { zmq_connect(socket, $0) } }
    }

    /// The endpoint the socket last bound, with a wildcard port resolved (`ZMQ_LAST_ENDPOINT`).
    public func lastEndpoint() throws(ZMQError) -> String {
        let socket = try liveHandle("zmq_getsockopt(ZMQ_LAST_ENDPOINT)")
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        try zmqCall("zmq_getsockopt(ZMQ_LAST_ENDPOINT)") {
            buffer.withUnsafeMutableBytes { zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, $0.baseAddress, &size) }
        }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends `frames` as one multipart message (all but the last with `ZMQ_SNDMORE`).
    ///
    /// ZeroMQ delivers multipart messages atomically: all frames or none. With `dontWait` the call
    /// throws an error whose ``ZMQError/isWouldBlock`` is true instead of blocking when the message
    /// cannot be queued (high-water mark reached, or no peer yet); the same happens after the send
    /// timeout. A message needs at least one frame (an empty frame is fine).
    public func send(_ frames: [Frame], dontWait: Bool = false) throws(ZMQError) {
        let socket = try liveHandle("zmq_send(\(type))")
        guard !frames.isEmpty else {
            throw ZMQError(code: EINVAL, operation: "zmq_send(\(type), no frames)")
        }
        let last = frames.count - 1
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = index < last ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            try zmqCall("zmq_send(\(type), frame \(index + 1) of \(frames.count))") {
                // A NULL pointer with length 0 (an empty frame) is allowed by zmq_send.
                frame.withUnsafeBytes { zmq_send(socket, $0.baseAddress, $0.count, flags) }
            }
        }
    }

    /// Receives one whole multipart message, or nil when none arrived.
    ///
    /// Returns nil when `dontWait` is set and no message is ready, and also when a blocking wait
    /// ran past the receive timeout (``setReceiveTimeout(_:)``): both are libzmq's `EAGAIN`, "no
    /// message yet", not a failure. Every other error throws, including `ETERM` after
    /// ``ZMQContext/shutdown()`` and `EINTR` when a signal interrupts the wait.
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [Frame]? {
        let socket = try liveHandle("zmq_msg_recv(\(type))")
        var frames: [Frame] = []
        // The first frame may wait; the rest of a multipart message has arrived with it.
        var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        var more = false
        repeat {
            do {
                frames.append(try receiveFrame(socket, flags: flags))
            } catch where error.isWouldBlock && frames.isEmpty {
                return nil
            }
            more = try hasMoreFrames(socket)
            flags = 0
        } while more
        return frames
    }

    /// Receives one frame into a scoped `zmq_msg_t` and copies its bytes out.
    ///
    /// The message stays in this stack frame from init to close: libzmq's small messages keep
    /// their bytes inside the struct, so it must not be used after it was closed.
    private func receiveFrame(_ socket: UnsafeMutableRawPointer, flags: Int32) throws(ZMQError) -> Frame {
        var message = zmq_msg_t()
        try zmqCall("zmq_msg_init()") { zmq_msg_init(&message) }
        defer { zmq_msg_close(&message) }
        try zmqCall("zmq_msg_recv(\(type))") { zmq_msg_recv(&message, socket, flags) }
        let size = zmq_msg_size(&message)
        guard size > 0, let data = zmq_msg_data(&message) else { return [] }
        return Frame(UnsafeRawBufferPointer(start: data, count: size))
    }

    /// Whether the frame just received is followed by another of the same message (`ZMQ_RCVMORE`).
    private func hasMoreFrames(_ socket: UnsafeMutableRawPointer) throws(ZMQError) -> Bool {
        var more: Int32 = 0
        var size = MemoryLayout<Int32>.size
        try zmqCall("zmq_getsockopt(ZMQ_RCVMORE)") { zmq_getsockopt(socket, ZMQ_RCVMORE, &more, &size) }
        return more != 0
    }

    /// The open handle, or an `ENOTSOCK` error naming `operation` once the socket was closed.
    func liveHandle(_ operation: @autoclosure () -> String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let handle else {
            throw ZMQError(code: ENOTSOCK, operation: "\(operation()) on a closed socket")
        }
        return handle
    }
}
