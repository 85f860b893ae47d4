import BenchConfig
import Synchronization

/// Fires the config's faults at their moments after the load starts, on a thread of its own: each fault calls the
/// provider's `inject` for its instance, and a pause with a duration is resumed when it ends.
///
/// Every injection is logged as it happens and kept as an `Outcome` for the report. A fault whose moment comes
/// after the load has ended never fires (its outcome says so).
public final class FaultScheduler: Sendable {
    /// What became of one fault.
    public struct Outcome: Sendable, Equatable {
        /// The fault as configured.
        public var fault: FaultConfig
        /// The instance's id (`cluster1-2`).
        public var instance: String
        /// When it was injected, in seconds since the load started; nil if it never was.
        public var injectedAfter: Double?
        /// When it was injected, in seconds since 1970 (UTC), to line up with metric timestamps.
        public var injectedAt: Double?
        /// When a pause was resumed, in seconds since the load started; nil if it lasted until teardown.
        public var resumedAfter: Double?
        /// Why the provider could not inject it, if it could not.
        public var error: String?
    }

    private struct Event: Sendable {
        var after: Duration
        var index: Int
        var action: FaultAction
    }

    private final class State: Sendable {
        let outcomes: Mutex<[Outcome]>
        let pending: Mutex<[Event]>
        init(outcomes: [Outcome], pending: [Event]) {
            self.outcomes = Mutex(outcomes)
            self.pending = Mutex(pending)
        }
    }

    private let state: State
    private let thread: Mutex<TickingThread?> = Mutex(nil)
    private let provider: any Provider
    private let log: @Sendable (String) -> Void

    /// A schedule of `faults` against the instances of `deployment`; nothing fires before `start()`.
    public init(
        faults: [FaultConfig], deployment: Deployment, provider: any Provider, log: @escaping @Sendable (String) -> Void
    ) {
        var outcomes: [Outcome] = []
        var events: [Event] = []
        for (index, fault) in faults.enumerated() {
            let instances = deployment.cluster(named: fault.cluster)?.instances ?? []
            let id =
                instances.indices.contains(fault.instance - 1)
                ? instances[fault.instance - 1].id : "\(fault.cluster)-\(fault.instance)"
            outcomes.append(Outcome(fault: fault, instance: id))
            events.append(Event(after: fault.at, index: index, action: fault.action == .kill ? .kill : .pause))
            if let duration = fault.duration {
                events.append(Event(after: fault.at + duration, index: index, action: .resume))
            }
        }
        state = State(outcomes: outcomes, pending: events.sorted { $0.after < $1.after })
        self.provider = provider
        self.log = log
    }

    /// Starts the clock: each fault fires `at` after now (checked every 10 ms).
    public func start() {
        let clock = ContinuousClock()
        let started = clock.now
        let wallStart = HealthPoller.now()
        let (state, provider, log) = (state, provider, log)
        let ticking = TickingThread(interval: .milliseconds(10)) {
            let elapsed = started.duration(to: clock.now)
            let due = state.pending.withLock { pending in
                let count = pending.prefix { $0.after <= elapsed }.count
                defer { pending.removeFirst(count) }
                return Array(pending.prefix(count))
            }
            for event in due {
                Self.fire(event, state: state, provider: provider, log: log, started: started, wallStart: wallStart)
            }
        }
        thread.withLock { $0 = ticking }
    }

    /// Stops firing (faults not yet due never fire) and returns every fault's outcome, in config order.
    public func stop() -> [Outcome] {
        thread.withLock { $0 }?.stop()
        return state.outcomes.withLock { $0 }
    }

    private static func fire(
        _ event: Event, state: State, provider: any Provider, log: @Sendable (String) -> Void,
        started: ContinuousClock.Instant, wallStart: Double
    ) {
        let outcome = state.outcomes.withLock { $0[event.index] }
        if event.action == .resume && (outcome.injectedAfter == nil || outcome.error != nil) { return }
        let seconds = started.duration(to: ContinuousClock.now).seconds
        let when = String(format: "%.2f", seconds)
        do {
            try provider.inject(event.action, into: outcome.instance)
            log("fault: \(event.action.rawValue) \(outcome.instance) at \(when) s (\(outcome.fault.summary))")
            state.outcomes.withLock { outcomes in
                if event.action == .resume {
                    outcomes[event.index].resumedAfter = seconds
                } else {
                    outcomes[event.index].injectedAfter = seconds
                    outcomes[event.index].injectedAt = wallStart + seconds
                }
            }
        } catch {
            log("fault: cannot \(event.action.rawValue) \(outcome.instance) at \(when) s: \(error)")
            state.outcomes.withLock { $0[event.index].error = error.description }
        }
    }
}
