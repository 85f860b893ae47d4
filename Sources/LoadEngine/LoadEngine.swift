internal import CEventLoop
import Foundation
import Synchronization
import Wire

/// Runs one shard on one or more dedicated threads, with one of two engines (`EngineChoice`): libcurl's multi
/// interface, or the fast path (an epoll loop of the engine's own, HTTP/1.1 over keep-alive connections, `http://`
/// only). Both run the same `LoadModel` per target (flows, closed or open) and record the same way.
///
/// With `threads` above 1 the shard is split over that many engine threads (`ShardSplit`; fewer if the shard cannot
/// use them all), each running its part with an engine loop of its own, and their reports are merged into the
/// shard's one stream (`ReportMerger`). With one thread the loop's reports go out as they are.
///
/// Set-up happens in `init`, before the shard's READY: host names are resolved once, slots (easy handles or
/// connections) are made for flows and connections (the open model's pool grows on demand up to its cap). Every
/// timestamp is a `MonotonicClock` reading. Results go out through `emit` every report interval and once more,
/// marked final, when every request has ended or the engine is stopped; `emit` is called on an engine thread and
/// must not block.
public final class LoadEngine: @unchecked Sendable {
    // Thread-safety: `stopRequested` is atomic; each runner is touched only by its engine thread, except for
    // `runner.wakeUp()`, which each engine makes safe from any thread (curl_multi_wakeup, an eventfd). The runners
    // and their models are handed to the engine threads in `start` and touched by nothing else after that.
    /// A send that leaves more than this after its due time is counted as `late` (open model): 1 ms.
    public static let lateThreshold = Duration.milliseconds(1)
    static let lateThresholdNanoseconds = UInt64(lateThreshold.wholeNanoseconds)

    /// The engine that runs the shard: `fast` or `curl` (the shard's choice with `auto` resolved).
    public let engine: EngineChoice
    /// What set-up changed to make the shard fit this host, or could not do, for the agent's log (an in-flight cap
    /// lowered to the open-file limit, connections asked for before the start that did not connect); empty normally.
    public private(set) var warnings: [String]
    /// What set-up did that is worth a line in the agent's log (the connections opened before the start).
    public private(set) var notes: [String] = []
    /// The engine threads the shard runs on: the threads asked for, or fewer if the shard has fewer parts.
    public var threads: Int { runners.count }
    private let shard: ShardAssignment
    private let runners: [any EngineRunner]
    private let stopRequested = Atomic<Bool>(false)
    /// Engine threads still running; the last to end signals `finishedSignal`.
    private let running = Atomic<Int>(0)
    private let finishedSignal = DispatchSemaphore(value: 0)

    /// Prepares the shard over `threads` engine threads (1 by default): fits it to `openFileLimit` (the process's
    /// soft `RLIMIT_NOFILE` unless given), splits it, resolves names, makes slots. Throws if the engine cannot be
    /// set up (libcurl fails, the fast engine was chosen for a URL it cannot serve, or the shard's connections and
    /// flows need more sockets than the limit allows).
    public init(
        shard given: ShardAssignment, threads: Int = 1, openFileLimit: Int = DescriptorLimit.current(),
        emit: @escaping @Sendable (IntervalReport) -> Void
    ) throws {
        // Every request needs a socket: the shard must fit the open-file limit (`DescriptorLimit.fit`).
        let (shard, warnings) = try DescriptorLimit.fit(given, limit: openFileLimit)
        self.warnings = warnings
        self.shard = shard
        let engine = (shard.engine ?? .auto).resolved(for: shard.targets.map(\.url))
        self.engine = engine
        let parts = ShardSplit.parts(of: shard, threads: threads)
        if parts.count > 1 {
            let merger = ReportMerger(targetMaps: parts.map(\.targetMap), emit: emit)
            runners = try parts.enumerated().map { thread, part in
                // Every part runs on the engine resolved for the whole shard, whatever its own URLs would pick.
                var sub = part.shard
                sub.engine = engine
                return try Self.runner(engine, shard: sub) { merger.receive($0, from: thread) }
            }
        } else {
            runners = [try Self.runner(engine, shard: shard, emit: emit)]
        }
        describeWarmUp()
    }

    /// Says how the connections asked for before the start went: opened (a note), some not connected, or not
    /// opened at all because libcurl runs the shard (warnings).
    private func describeWarmUp() {
        let asked = shard.targets.reduce(0) { sum, target in
            if case .open(let open) = target.load { sum + open.warmConnections } else { sum }
        }
        guard asked > 0 else { return }
        let loops = runners.compactMap { $0 as? FastEngineLoop }
        guard !loops.isEmpty else {
            warnings.append(
                "the curl engine runs this shard and opens connections as requests need them: "
                    + "the \(asked) asked for before the start were not opened")
            return
        }
        let connected = loops.reduce(0) { $0 + $1.warm.connected }
        let milliseconds = Double(loops.map(\.warm.nanoseconds).max() ?? 0) / 1e6
        let took = String(format: "%.1f", milliseconds)
        if connected == asked {
            notes.append("opened \(asked) connections before the start in \(took) ms")
        } else {
            warnings.append(
                "only \(connected) of the \(asked) connections asked for before the start connected (within \(took) ms); "
                    + "the others open as requests need them")
        }
    }

    /// The loop of `engine` for `shard`, reporting through `emit`.
    private static func runner(
        _ engine: EngineChoice, shard: ShardAssignment, emit: @escaping @Sendable (IntervalReport) -> Void
    ) throws -> any EngineRunner {
        switch engine {
        case .fast: try FastEngineLoop(shard: shard, emit: emit)
        default: try curlLoop(shard: shard, emit: emit)
        }
    }

    /// The libcurl engine: one multi handle whose connection cache is pinned at the number of requests the shard
    /// can have in flight; every easy handle gets the shard's names resolved once as `CURLOPT_RESOLVE` entries.
    private static func curlLoop(
        shard: ShardAssignment, emit: @escaping @Sendable (IntervalReport) -> Void
    ) throws -> EngineLoop {
        let entries = HostResolver.resolveEntries(for: shard.targets.map(\.url))
        let settings = TransferSettings(
            urls: shard.targets.map(\.url), timeoutMilliseconds: shard.requestTimeoutMilliseconds,
            resolve: entries.isEmpty ? nil : StringList(entries))
        let models = try makeModels(for: shard, factory: SlotFactory { try settings.make(target: $0, slot: $1) })
        let multi = try MultiHandle(maximumConnections: max(1, shard.targets.reduce(0) { $0 + slots($1.load) }))
        return EngineLoop(
            multi: multi, models: models, reportIntervalMilliseconds: shard.reportIntervalMilliseconds, emit: emit)
    }

    /// Requests a target's load can have in flight at once: its flows, its connections, or its open cap.
    static func slots(_ load: ShardLoad) -> Int {
        switch load {
        case .flows(let flows): flows.count
        case .closed(let closed): closed.connections
        case .open(let open): open.maxInFlight
        }
    }

    /// Starts the engine threads, which begin the shard at `instant` (a `MonotonicClock` reading; at once if nil or
    /// already past), so that the shards of several agents, and the threads of one, begin together. A stop before
    /// then ends it at once, with an empty final report. Call once.
    public func start(at instant: UInt64? = nil) {
        running.store(runners.count, ordering: .releasing)
        for index in runners.indices {
            let thread = Thread { [self] in
                // The kernel's name for the thread (top -H, ps -L, /proc/PID/task/TID/comm): 15 bytes at most.
                cb_name_thread("cb-engine-\(index)")
                if let instant { Self.sleep(until: instant) { stopRequested.load(ordering: .acquiring) } }
                runners[index].run { stopRequested.load(ordering: .acquiring) }
                if running.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { finishedSignal.signal() }
            }
            thread.name = "load-engine \(shard.shardID)/\(index)"
            thread.start()
        }
    }

    /// Sleeps until `instant` on the monotonic clock (absolute, so the wake-up is as exact as the kernel's timers),
    /// in steps of at most 20 ms so that a stop is noticed.
    static func sleep(until instant: UInt64, stopRequested: () -> Bool) {
        while !stopRequested() {
            let now = MonotonicClock.now()
            guard now < instant else { return }
            let wake = min(instant, now + 20_000_000)
            var spec = timespec(tv_sec: Int(wake / 1_000_000_000), tv_nsec: Int(wake % 1_000_000_000))
            _ = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &spec, nil)
        }
    }

    /// Asks the engine to abort in-flight requests and send its final report. Thread-safe, idempotent.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        for runner in runners { runner.wakeUp() }
    }

    /// Waits for every engine thread to finish; false on timeout.
    public func waitUntilFinished(timeout: Duration) -> Bool {
        finishedSignal.wait(timeout: .now() + .milliseconds(Int(timeout.wholeMilliseconds))) == .success
    }
}

/// One engine's loop, run on the engine thread.
protocol EngineRunner: AnyObject {
    /// Runs the shard to its end, or until `stopRequested` says so; the last report is marked final.
    func run(stopRequested: () -> Bool)
    /// Wakes the loop from its wait, from any thread, so it sees a stop.
    func wakeUp()
}
