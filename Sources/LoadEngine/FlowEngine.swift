import BenchCore
import Foundation
internal import CCurl
import Synchronization

/// Runs one shard of flows with the libcurl multi interface on a dedicated thread.
///
/// Each flow is a closed loop of one request at a time with its own easy handle (reused, so its connection stays
/// alive); flows run side by side on one multi handle. Results go out through `emit` every report interval and
/// once more, marked final, when every flow is done or the engine is stopped. `emit` is called on the engine
/// thread and must not block.
public final class FlowEngine: @unchecked Sendable {
    // Thread-safety: `stopRequested` is atomic; `multi` is touched only by the engine thread, except for
    // `multi.wakeup()`, which libcurl documents as safe from any thread. Everything else is confined to the
    // engine thread (created in `run`).
    private let shard: ShardAssignment
    private let emit: @Sendable (IntervalReport) -> Void
    private let multi: MultiHandle
    private let stopRequested = Atomic<Bool>(false)
    private let finishedSignal = DispatchSemaphore(value: 0)

    /// Prepares the engine (handles are created when it starts). Throws if libcurl cannot be set up.
    public init(shard: ShardAssignment, emit: @escaping @Sendable (IntervalReport) -> Void) throws(CurlError) {
        self.shard = shard
        self.emit = emit
        multi = try MultiHandle(maximumConnections: max(1, shard.flows.count))
    }

    /// Starts the engine thread. Call once.
    public func start() {
        let thread = Thread { [self] in
            run()
            finishedSignal.signal()
        }
        thread.name = "load-engine \(shard.shardID)"
        thread.start()
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

    private func run() {
        var recorders = shard.targets.indices.map { TargetRecorder(target: $0) }
        var runners: [FlowRunner] = []
        var byHandle: [UnsafeMutableRawPointer: FlowRunner] = [:]
        var sequence = 0
        let interval = UInt64(max(1, shard.reportIntervalMilliseconds)) * 1_000_000
        var intervalStart = MonotonicClock.now()
        var nextReport = intervalStart + interval

        func report(final: Bool) {
            let now = MonotonicClock.now()
            var counters: [TargetCounters] = []
            var histograms: [LatencyHistogram] = []
            for index in recorders.indices {
                if let (c, h) = recorders[index].drain() {
                    counters.append(c)
                    histograms.append(h)
                }
            }
            emit(IntervalReport(sequence: sequence, final: final, intervalNanoseconds: now - intervalStart,
                                targets: counters, histograms: histograms))
            sequence += 1
            intervalStart = now
        }

        do {
            for flow in shard.flows {
                let runner = try FlowRunner(flow: flow, url: shard.targets[flow.target].url,
                                            timeoutMilliseconds: shard.requestTimeoutMilliseconds)
                runners.append(runner)
                byHandle[runner.easy.raw] = runner
            }
        } catch {
            // A handle that cannot be set up fails every request of the shard; account for them as errors.
            for flow in shard.flows {
                for _ in 0..<flow.totalRequests {
                    recorders[flow.target].recordSent()
                    recorders[flow.target].recordError(kind: ErrorKind.other.rawValue, latency: 1)
                }
            }
            report(final: true)
            return
        }

        while true {
            if stopRequested.load(ordering: .acquiring) {
                for runner in runners where runner.inFlight {
                    multi.remove(runner.easy)
                    runner.inFlight = false
                    recorders[runner.flow.target].recordError(
                        kind: ErrorKind.aborted.rawValue, latency: MonotonicClock.now() - runner.startedAt)
                }
                report(final: true)
                return
            }

            // Start the next request of every idle flow whose pause (if any) is over.
            var now = MonotonicClock.now()
            var wakeAt = nextReport
            var pending = false
            for runner in runners where !runner.inFlight {
                switch runner.nextAction(now: now) {
                case .send:
                    runner.prepareRequest()
                    runner.startedAt = MonotonicClock.now()
                    do {
                        try multi.add(runner.easy)
                        runner.inFlight = true
                        recorders[runner.flow.target].recordSent()
                    } catch {
                        recorders[runner.flow.target].recordSent()
                        recorders[runner.flow.target].recordError(kind: ErrorKind.other.rawValue, latency: 1)
                    }
                    pending = true
                case .wait(let until):
                    wakeAt = min(wakeAt, until)
                    pending = true
                case .done:
                    break
                }
            }
            let anyInFlight = runners.contains { $0.inFlight }
            if !anyInFlight && !pending {
                report(final: true)
                return
            }

            _ = try? multi.perform()
            while let done = multi.nextCompleted() {
                guard let runner = byHandle[done.handle] else { continue }
                let latency = MonotonicClock.now() - runner.startedAt
                multi.remove(runner.easy)
                runner.inFlight = false
                if done.result == 0 {
                    recorders[runner.flow.target].recordResponse(
                        status: runner.easy.responseCode, latency: latency, bytes: runner.bodyBytes,
                        instance: runner.instanceID)
                } else {
                    recorders[runner.flow.target].recordError(
                        kind: ErrorKind(curlCode: done.result).rawValue, latency: latency)
                }
            }

            now = MonotonicClock.now()
            if now >= nextReport {
                report(final: false)
                while nextReport <= now { nextReport += interval }
            }
            // Only sleep when no flow is ready to send: a finished request lets its flow go on at once.
            if runners.contains(where: { !$0.inFlight && $0.isReady(now: now) }) { continue }
            let timeout = wakeAt > now ? min(1000, Int((wakeAt - now + 999_999) / 1_000_000)) : 0
            _ = try? multi.poll(timeoutMilliseconds: timeout)
        }
    }
}

/// One flow's state: where it is in its steps and its reusable easy handle. Confined to the engine thread.
final class FlowRunner: TransferSink {
    enum Action { case send, wait(until: UInt64), done }

    let flow: ShardFlow
    let easy: EasyHandle
    var inFlight = false
    var startedAt: UInt64 = 0
    var bodyBytes = 0
    var instanceID: String?
    private var step = 0
    private var sentInStep = 0
    private var pauseUntil: UInt64?
    private static let instanceHeader = Array("x-instance-id".utf8)

    init(flow: ShardFlow, url: String, timeoutMilliseconds: Int) throws(CurlError) {
        self.flow = flow
        easy = try EasyHandle()
        let context = Unmanaged.passUnretained(self as AnyObject).toOpaque()
        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
        try easy.set(CURLOPT_TCP_NODELAY, 1)
        try easy.set(CURLOPT_WRITEFUNCTION, callback: bodyCallback)
        try easy.set(CURLOPT_WRITEDATA, context)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: headerCallback)
        try easy.set(CURLOPT_HEADERDATA, context)
    }

    /// Whether the flow would send right now (used to skip sleeping).
    func isReady(now: UInt64) -> Bool {
        if let pauseUntil, now < pauseUntil { return false }
        return step < flow.steps.count
    }

    /// Advances through finished steps and pauses; says what the flow does next.
    func nextAction(now: UInt64) -> Action {
        while true {
            if let until = pauseUntil {
                if now < until { return .wait(until: until) }
                pauseUntil = nil
            }
            guard step < flow.steps.count else { return .done }
            let current = flow.steps[step]
            if let requests = current.requests {
                if sentInStep < requests {
                    sentInStep += 1
                    return .send
                }
            } else if let pause = current.pauseMilliseconds {
                pauseUntil = now + UInt64(max(0, pause)) * 1_000_000
            }
            step += 1
            sentInStep = 0
        }
    }

    func prepareRequest() {
        bodyBytes = 0
        instanceID = nil
    }

    func receiveBody(byteCount: Int) { bodyBytes += byteCount }

    func receiveHeader(_ line: UnsafeBufferPointer<UInt8>) {
        if let value = headerValue(line, named: Self.instanceHeader) { instanceID = value }
    }
}
