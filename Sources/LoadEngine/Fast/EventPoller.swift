internal import CEventLoop

/// An epoll instance with an eventfd for wake-ups from other threads, and the buffer its events arrive in.
/// Confined to the engine thread, except `wakeUp()`.
final class EventPoller {
    /// How descriptors are watched: edge-triggered (the default; see docs/engine.md for why) or level-triggered
    /// (`CLUSTERBENCH_EPOLL=level` in the agent's environment, kept so `bench/throughput.sh` can measure both).
    enum Triggering { case edge, level }

    /// The token of the wake-up eventfd in events (connections use their index).
    static let wakeToken = UInt64.max
    let triggering: Triggering
    private let epoll: Int32
    private let wakeDescriptor: Int32
    private var events: UnsafeMutableBufferPointer<cb_event>
    /// Events of the last `wait`.
    private(set) var count = 0

    init(triggering: Triggering) throws(FastEngineError) {
        self.triggering = triggering
        epoll = cb_epoll_create()
        wakeDescriptor = cb_event_fd()
        events = .allocate(capacity: 256)
        guard epoll >= 0, wakeDescriptor >= 0 else {
            throw FastEngineError(description: "epoll or eventfd set-up failed (errno \(-min(epoll, wakeDescriptor)))")
        }
        _ = cb_epoll_control(epoll, 0, wakeDescriptor, CB_EV_IN, Self.wakeToken)
    }

    deinit {
        events.deallocate()
        if epoll >= 0 { cb_close(epoll) }
        if wakeDescriptor >= 0 { cb_close(wakeDescriptor) }
    }

    /// Starts watching a new socket for `token`: readable, writable (to learn that a connect finished) and peer
    /// shutdown; edge-triggered unless `triggering` says level.
    func watch(_ descriptor: Int32, token: Int) {
        let base = CB_EV_IN | CB_EV_OUT | CB_EV_RDHUP
        let events = triggering == .edge ? base | CB_EV_ET : base
        _ = cb_epoll_control(epoll, 0, descriptor, events, UInt64(token))
    }

    /// Level-triggered only: whether to keep watching a socket for writability (while connecting or writing) or
    /// only for input (while waiting for a response or idle), so an idle socket does not report itself writable
    /// at every wait. Edge-triggered sockets are registered once and never changed.
    func wantWritable(_ descriptor: Int32, token: Int, _ writable: Bool) {
        guard triggering == .level else { return }
        let input = CB_EV_IN | CB_EV_RDHUP
        _ = cb_epoll_control(epoll, 1, descriptor, writable ? input | CB_EV_OUT : input, UInt64(token))
    }

    /// Waits at most `timeout` nanoseconds (nil: until an event) for events; read them with `event(at:)`.
    func wait(timeout: UInt64?) {
        let nanoseconds = timeout.map { Int64(min($0, 60_000_000_000)) } ?? -1
        let result = cb_epoll_wait(epoll, events.baseAddress, Int32(events.count), nanoseconds)
        count = result > 0 ? Int(result) : 0
    }

    /// The token and flags of event `index` of the last wait.
    func event(at index: Int) -> (token: UInt64, flags: EventFlags) {
        (events[index].data, EventFlags(rawValue: events[index].events))
    }

    /// Clears the wake-up signal.
    func drainWakeUp() { cb_event_fd_drain(wakeDescriptor) }

    /// Wakes a `wait` in progress, or the next one. Any thread.
    func wakeUp() { cb_event_fd_signal(wakeDescriptor) }
}

/// The flags of one epoll event.
struct EventFlags: OptionSet {
    let rawValue: UInt32
    static let input = EventFlags(rawValue: CB_EV_IN)
    static let output = EventFlags(rawValue: CB_EV_OUT)
    static let error = EventFlags(rawValue: CB_EV_ERR)
    static let hangUp = EventFlags(rawValue: CB_EV_HUP)
    static let peerShutdown = EventFlags(rawValue: CB_EV_RDHUP)
}

/// The fast engine could not be set up.
public struct FastEngineError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for the agent's log and the coordinator's failure line.
    public var description: String
}
