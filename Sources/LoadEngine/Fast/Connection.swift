/// One keep-alive HTTP/1.1 connection of the fast path and the request it carries: the fast engine's slot. A flow
/// or a closed connection keeps one for its whole run; the open model keeps a pool. The socket is opened at the
/// first send and again after the server closed it. Confined to the engine thread.
final class Connection: RequestSlot {
    /// Where a connection is in its request.
    enum State {
        /// No request in flight (the socket, if open, is idle and kept alive).
        case idle
        /// Non-blocking connect under way; the request goes once the socket is writable.
        case connecting
        /// Part of the request is written; the rest goes when the socket is writable again.
        case writing
        /// The request is out; the response is being read.
        case reading
        /// Failed before its first event (refused at once, no address): completed by the loop after its wait.
        case failing(ErrorKind)
    }

    let target: Int
    let slot: Int
    /// The connection's index in the loop's table: its epoll token and its link in the deadline queue.
    let index: Int
    var state = State.idle
    /// The socket; -1 when closed.
    var descriptor: Int32 = -1
    var parser = HTTP1ResponseParser()
    /// Bytes of the request already written.
    var written = 0
    /// Whether the request went out on a socket that was open before it (kept alive after a response, or opened
    /// before the start): if the server closed that socket before answering, it is reopened and the request sent
    /// again, once, as libcurl does (a keep-alive connection may close just as a request leaves).
    var reusedSocket = false
    var retried = false
    /// The index, among its target's addresses, of the address the socket went to, and how many addresses this
    /// request has found refusing: each is tried once per request before the request counts as a `connect` error.
    var addressIndex = 0
    var refusals = 0
    /// Bytes of the current response read so far.
    var received = 0
    /// Level-triggered polling only: whether the socket is watched for writability now.
    var watchingWritable = false
    /// When the request was due (the send time for closed loops); latency counts from here.
    var dueAt: UInt64 = 0
    /// When it left; service time counts from here, and the timeout runs from here.
    var sentAt: UInt64 = 0
    /// Neighbours in the deadline queue (indices; -1 for none) and whether the connection is in it.
    var previous = -1
    var next = -1
    var queued = false

    /// Whether a non-blocking connect is under way.
    var isConnecting: Bool {
        if case .connecting = state { true } else { false }
    }

    init(target: Int, slot: Int, index: Int) {
        self.target = target
        self.slot = slot
        self.index = index
    }
}

/// The requests in flight, in the order they were sent. Every request of a shard has the same timeout, so that
/// order is also the order of their deadlines: the oldest is the first to expire, adding and removing are O(1)
/// (an intrusive doubly linked list through the connections), and the loop looks only at the head. This is a
/// timer wheel with one slot per timeout value; it needs no syscall and no allocation per request.
struct DeadlineQueue {
    private(set) var head = -1
    private var tail = -1

    /// Appends `connection` (just sent) at the tail.
    mutating func append(_ connection: Connection, in table: [Connection]) {
        connection.previous = tail
        connection.next = -1
        if tail >= 0 { table[tail].next = connection.index } else { head = connection.index }
        tail = connection.index
        connection.queued = true
    }

    /// Takes `connection` out, wherever it is.
    mutating func remove(_ connection: Connection, in table: [Connection]) {
        guard connection.queued else { return }
        if connection.previous >= 0 { table[connection.previous].next = connection.next } else { head = connection.next }
        if connection.next >= 0 { table[connection.next].previous = connection.previous } else { tail = connection.previous }
        connection.previous = -1
        connection.next = -1
        connection.queued = false
    }
}
