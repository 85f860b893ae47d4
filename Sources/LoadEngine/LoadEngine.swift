import Foundation
import Synchronization
import Wire

/// Runs one shard with the libcurl multi interface on a dedicated thread: one multi handle, one `LoadModel` per
/// target (flows, closed or open).
///
/// Set-up happens in `init`, before the shard's READY: host names are resolved once (`getaddrinfo`, then
/// `CURLOPT_RESOLVE` on every handle), easy handles are made for flows and connections (the open model's pool grows
/// on demand up to its cap), and the connection cache is pinned at the number of requests the shard can have in
/// flight. Every timestamp is a `MonotonicClock` reading. Results go out through `emit` every report interval and
/// once more, marked final, when every request has ended or the engine is stopped; `emit` is called on the engine
/// thread and must not block.
public final class LoadEngine: @unchecked Sendable {
    // Thread-safety: `stopRequested` is atomic; `multi` is touched only by the engine thread, except for
    // `multi.wakeup()`, which libcurl documents as safe from any thread. `loop` and its models are handed to the
    // engine thread in `start` and touched by nothing else after that.
    /// A send that leaves more than this after its due time is counted as `late` (open model): 1 ms.
    public static let lateThreshold = Duration.milliseconds(1)
    static let lateThresholdNanoseconds = UInt64(lateThreshold.wholeNanoseconds)

    private let shard: ShardAssignment
    private let multi: MultiHandle
    private let loop: EngineLoop
    private let stopRequested = Atomic<Bool>(false)
    private let finishedSignal = DispatchSemaphore(value: 0)

    /// Prepares the shard: resolves names, makes handles. Throws if libcurl cannot be set up.
    public init(shard: ShardAssignment, emit: @escaping @Sendable (IntervalReport) -> Void) throws(CurlError) {
        self.shard = shard
        let entries = HostResolver.resolveEntries(for: shard.targets.map(\.url))
        let settings = TransferSettings(
            urls: shard.targets.map(\.url), timeoutMilliseconds: shard.requestTimeoutMilliseconds,
            resolve: entries.isEmpty ? nil : StringList(entries))
        var models: [LoadModel] = []
        for (index, target) in shard.targets.enumerated() {
            switch target.load {
            case .flows(let flows): models.append(try FlowsModel(flows: flows, target: index, settings: settings))
            case .closed(let closed): models.append(try ClosedModel(closed: closed, target: index, settings: settings))
            case .open(let open): models.append(OpenModel(open: open, target: index, settings: settings))
            }
        }
        multi = try MultiHandle(maximumConnections: max(1, shard.targets.reduce(0) { $0 + Self.slots($1.load) }))
        loop = EngineLoop(
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

    /// Starts the engine thread, which begins the shard at `instant` (a `MonotonicClock` reading; at once if nil or
    /// already past), so that the shards of several agents begin together. A stop before then ends it at once, with
    /// an empty final report. Call once.
    public func start(at instant: UInt64? = nil) {
        let thread = Thread { [self] in
            if let instant { Self.sleep(until: instant) { stopRequested.load(ordering: .acquiring) } }
            loop.run { stopRequested.load(ordering: .acquiring) }
            finishedSignal.signal()
        }
        thread.name = "load-engine \(shard.shardID)"
        thread.start()
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
        multi.wakeup()
    }

    /// Waits for the engine thread to finish; false on timeout.
    public func waitUntilFinished(timeout: Duration) -> Bool {
        finishedSignal.wait(timeout: .now() + .milliseconds(Int(timeout.wholeMilliseconds))) == .success
    }
}
