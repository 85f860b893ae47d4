internal import CZeroMQ

/// Waits until any of several sockets or file descriptors is readable (`zmq_poll`).
///
/// The loop of a socket-owning thread adds its sockets and a ``WakeupSignal``'s descriptor once,
/// then polls: indices tell which items have input. Like its sockets, a poller belongs to that one
/// thread. It keeps the added sockets alive.
public struct ZMQPoller {
    /// A polled item, in the order added.
    private enum Item {
        case socket(ZMQSocket)
        case fileDescriptor(Int32)
    }

    private var items: [Item] = []

    /// Creates an empty poller.
    public init() {}

    /// The number of items added.
    public var count: Int { items.count }

    /// Adds a socket and returns its index in ``poll(timeout:)`` results.
    @discardableResult
    public mutating func add(_ socket: ZMQSocket) -> Int {
        items.append(.socket(socket))
        return items.count - 1
    }

    /// Adds a raw file descriptor (e.g. ``WakeupSignal/fileDescriptor``) and returns its index.
    @discardableResult
    public mutating func add(fileDescriptor: Int32) -> Int {
        items.append(.fileDescriptor(fileDescriptor))
        return items.count - 1
    }

    /// Waits up to `timeout` and returns the indices of the items that have input.
    ///
    /// An empty set means the timeout passed or a signal interrupted the wait (EINTR); callers loop
    /// anyway. Throws when the context was shut down (``ZMQError/isContextTerminated``) or an added
    /// socket was closed. Timeouts are rounded up to whole milliseconds; zero or negative polls
    /// without waiting.
    public func poll(timeout: Duration) throws(ZMQError) -> Set<Int> {
        try poll(milliseconds: Self.milliseconds(rounding: timeout))
    }

    /// Waits without a time limit until an item has input (or a signal interrupts the wait); pair
    /// it with a ``WakeupSignal`` so the thread can always be woken.
    public func poll() throws(ZMQError) -> Set<Int> {
        try poll(milliseconds: -1)
    }

    private func poll(milliseconds: Int) throws(ZMQError) -> Set<Int> {
        var pollItems: [zmq_pollitem_t] = []
        pollItems.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            switch item {
            case .socket(let socket):
                let handle = try socket.liveHandle("zmq_poll(item \(index), \(socket.type))")
                pollItems.append(zmq_pollitem_t(socket: handle, fd: -1, events: Int16(ZMQ_POLLIN), revents: 0))
            case .fileDescriptor(let descriptor):
                pollItems.append(zmq_pollitem_t(socket: nil, fd: descriptor, events: Int16(ZMQ_POLLIN), revents: 0))
            }
        }
        let itemCount = Int32(pollItems.count)
        do {
            try zmqCall("zmq_poll(\(itemCount) items, \(milliseconds) ms)") {
                zmq_poll(&pollItems, itemCount, milliseconds)
            }
        } catch where error.isInterrupted {
            return []
        }
        var ready = Set<Int>()
        for (index, item) in pollItems.enumerated() where item.revents & Int16(ZMQ_POLLIN) != 0 {
            ready.insert(index)
        }
        return ready
    }

    /// `duration` in whole milliseconds, rounded up so a short wait never becomes a busy loop.
    static func milliseconds(rounding duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, duration > .zero else { return 0 }
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let (whole, remainder) = attoseconds.quotientAndRemainder(dividingBy: perMillisecond)
        let (total, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow, total < Int64(Int32.max) else { return Int(Int32.max) }
        return Int(total + whole + (remainder > 0 ? 1 : 0))
    }
}
