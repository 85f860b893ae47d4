#if canImport(Glibc)
import Glibc
#endif
import Wire

/// The fast engine's loop: one epoll instance serving the keep-alive connections of every target of the shard,
/// one `LoadModel` per target (the same models as the libcurl engine), the recorders and the interval reports.
///
/// Each turn: expire requests past their timeout (the head of the deadline queue), ask the models to start what is
/// due, wait in epoll until a socket is ready, the next due time, the next deadline or the next report (nanosecond
/// timeout), then handle only the sockets that are ready: the cost of a request does not grow with idle
/// connections. Confined to the engine thread, except `wakeUp()`.
final class FastEngineLoop: RequestStarter, EngineRunner {
    let targets: [HTTPTarget]
    var models: [TargetModel<Connection>] = []
    /// Every connection of the shard, by index (the epoll token).
    var connections: [Connection] = []
    let poller: EventPoller
    var reporter: IntervalReporter
    var deadlines = DeadlineQueue()
    /// Connections whose request failed outside the event handling (refused at once, no address, broken while
    /// writing): completed after the next wait, so a model never gets a slot back while it is issuing.
    var failing: [Int] = []
    var inFlight = 0
    let timeout: UInt64
    /// Where every read lands; the parser consumes it before the next read.
    let buffer: UnsafeMutableRawBufferPointer
    var instanceNames = InstanceNames()
    /// The connections opened before the start (`FastEngineLoop+WarmUp`).
    private(set) var warm = WarmUp()
    /// The longest the connections asked for before the start may take to connect: the set-up of a shard must not
    /// hold its READY for long.
    static let warmUpLimit: UInt64 = 5_000_000_000

    /// Prepares the shard; `targets`, when given (tests), replaces the targets made from the shard's URLs.
    init(
        shard: ShardAssignment, targets given: [HTTPTarget]? = nil, emit: @escaping @Sendable (IntervalReport) -> Void
    ) throws {
        if let given {
            targets = given
        } else {
            var targets: [HTTPTarget] = []
            for target in shard.targets { targets.append(try HTTPTarget(url: target.url)) }
            self.targets = targets
        }
        let level = getenv("CLUSTERBENCH_EPOLL").map { String(cString: $0) == "level" } ?? false
        poller = try EventPoller(triggering: level ? .level : .edge)
        reporter = IntervalReporter(
            targets: targets.count, reportIntervalMilliseconds: shard.reportIntervalMilliseconds, emit: emit)
        timeout = UInt64(max(1, shard.requestTimeoutMilliseconds)) * 1_000_000
        buffer = .allocate(byteCount: 65_536, alignment: 16)
        models = try makeModels(
            for: shard, factory: SlotFactory { [unowned self] target, slot in makeConnection(target: target, slot: slot) })
        if !connections.isEmpty { warm = warmUp(limit: min(timeout, Self.warmUpLimit)) }
    }

    deinit {
        for connection in connections { closeSocket(connection) }
        buffer.deallocate()
    }

    private func makeConnection(target: Int, slot: Int) -> Connection {
        let connection = Connection(target: target, slot: slot, index: connections.count)
        connections.append(connection)
        return connection
    }

    func run(stopRequested: () -> Bool) {
        let start = MonotonicClock.now()
        var nextReport = reporter.begin(at: start)
        models.forEach { $0.begin(at: start) }
        var done = [Bool](repeating: false, count: models.count)
        while !stopRequested() {
            expireDeadlines(now: MonotonicClock.now())
            var wakeAt = issueDue(models, done: &done, now: MonotonicClock.now(), wakeAt: nextReport, using: self)
            guard inFlight > 0 || done.contains(false) else { return reporter.report(final: true) }
            if deadlines.head >= 0 { wakeAt = min(wakeAt, connections[deadlines.head].sentAt + timeout) }
            let now = MonotonicClock.now()
            let timeout = failing.isEmpty && wakeAt > now ? wakeAt - now : 0
            poller.wait(timeout: timeout)
            if timeout > 0 { reporter.woke(asked: now + timeout, at: MonotonicClock.now()) }
            for index in 0..<poller.count {
                let (token, flags) = poller.event(at: index)
                if token == EventPoller.wakeToken { poller.drainWakeUp() } else { handle(connections[Int(token)], flags) }
            }
            completeFailures()
            let after = MonotonicClock.now()
            if after >= nextReport {
                reporter.report(final: false)
                while nextReport <= after { nextReport += reporter.interval }
            }
        }
        abortInFlight()
        reporter.report(final: true)
    }

    func wakeUp() { poller.wakeUp() }

    // MARK: RequestStarter

    func send(_ connection: Connection, dueAt scheduled: UInt64?, atCap: Bool) -> Bool {
        let now = MonotonicClock.now()
        // A closed loop has no schedule: its request is due when it leaves, and it is never late.
        connection.dueAt = scheduled ?? now
        connection.sentAt = now
        connection.retried = false
        connection.refusals = 0
        connection.received = 0
        reporter.recordSend(target: connection.target, scheduled: scheduled, now: now, atCap: atCap)
        inFlight += 1
        deadlines.append(connection, in: connections)
        connection.parser.expectResponse(toHead: false)
        connection.reusedSocket = connection.descriptor >= 0
        if connection.descriptor < 0 {
            open(connection)
        } else {
            connection.written = 0
            write(connection)
        }
        return true
    }

    func drop(target: Int) {
        reporter.recorders[target].recordDropped()
    }

    func fail(target: Int, dueAt: UInt64) {
        reporter.recordFailedSend(target: target, dueAt: dueAt, kind: .other)
    }

    // MARK: Completion

    /// The response is complete: record it, keep the socket for the next request unless it must close.
    func respond(_ connection: Connection, closing: Bool) {
        let now = MonotonicClock.now()
        let instance = connection.parser.withInstanceID { instanceNames.name(for: $0) }
        reporter.recorders[connection.target].recordResponse(
            status: connection.parser.status, latency: now - connection.dueAt, service: now - connection.sentAt,
            bytes: connection.parser.bodyBytes, instance: instance, at: now)
        if closing { closeSocket(connection) }
        end(connection)
    }

    /// The request failed with `kind`: the socket is closed now, the failure recorded after the wait.
    func fail(_ connection: Connection, _ kind: ErrorKind) {
        closeSocket(connection)
        deadlines.remove(connection, in: connections)
        connection.state = .failing(kind)
        failing.append(connection.index)
    }

    private func completeFailures() {
        guard !failing.isEmpty else { return }
        let now = MonotonicClock.now()
        for index in failing {
            let connection = connections[index]
            guard case .failing(let kind) = connection.state else { continue }
            reporter.recorders[connection.target].recordError(
                kind: kind, latency: max(1, now &- connection.dueAt), service: max(1, now &- connection.sentAt), at: now)
            end(connection)
        }
        failing.removeAll(keepingCapacity: true)
    }

    /// Counts every request whose deadline has passed as a `timeout`, at the time it is observed, and closes its
    /// socket (the response may still be on its way).
    private func expireDeadlines(now: UInt64) {
        while deadlines.head >= 0 {
            let connection = connections[deadlines.head]
            guard connection.sentAt + timeout <= now else { return }
            reporter.recorders[connection.target].recordError(
                kind: .timeout, latency: now - connection.dueAt, service: now - connection.sentAt, at: now)
            closeSocket(connection)
            end(connection)
        }
    }

    /// Stops every request in flight and counts it as `aborted`, at the time it was stopped.
    private func abortInFlight() {
        completeFailures()
        let now = MonotonicClock.now()
        while deadlines.head >= 0 {
            let connection = connections[deadlines.head]
            reporter.recorders[connection.target].recordError(
                kind: .aborted, latency: now - connection.dueAt, service: now - connection.sentAt, at: now)
            closeSocket(connection)
            end(connection)
        }
    }

    /// The request is over: the connection is idle and back with its model.
    private func end(_ connection: Connection) {
        deadlines.remove(connection, in: connections)
        connection.state = .idle
        inFlight -= 1
        models[connection.target].finished(connection)
    }
}
