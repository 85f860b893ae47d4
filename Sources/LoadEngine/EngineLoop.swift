import Wire

/// The libcurl engine's loop: one multi handle serving one `LoadModel` per target, the recorders, the interval
/// reports. Everything here is confined to the engine thread.
final class EngineLoop: RequestStarter, EngineRunner {
    private let multi: MultiHandle
    private let models: [TargetModel<Transfer>]
    private let timer = WakeTimer()
    private var reporter: IntervalReporter
    private var inFlight: [UnsafeMutableRawPointer: Transfer] = [:]

    init(
        multi: MultiHandle, models: [TargetModel<Transfer>], reportIntervalMilliseconds: Int,
        emit: @escaping @Sendable (IntervalReport) -> Void
    ) {
        self.multi = multi
        self.models = models
        reporter = IntervalReporter(
            targets: models.count, reportIntervalMilliseconds: reportIntervalMilliseconds, emit: emit)
    }

    /// Runs the shard to its end, or until `stopRequested` says so; the last report is marked final.
    func run(stopRequested: () -> Bool) {
        let start = MonotonicClock.now()
        for model in models { model.begin(at: start) }
        var nextReport = reporter.begin(at: start)
        var done = [Bool](repeating: false, count: models.count)

        while true {
            if stopRequested() {
                abortInFlight()
                reporter.report(final: true)
                return
            }
            var now = MonotonicClock.now()
            var wakeAt = issueDue(models, done: &done, now: now, wakeAt: nextReport, using: self)
            if inFlight.isEmpty && !done.contains(false) {
                reporter.report(final: true)
                return
            }

            _ = try? multi.perform()
            var finished = 0
            while let completed = multi.nextCompleted() {
                complete(completed.handle, result: completed.result)
                finished += 1
            }

            now = MonotonicClock.now()
            if now >= nextReport {
                reporter.report(final: false)
                while nextReport <= now { nextReport += reporter.interval }
            }
            // A finished request may free a closed loop to send at once: ask the models again before sleeping.
            if finished > 0 { continue }
            wakeAt = min(wakeAt, nextReport)
            guard wakeAt > now else { continue }
            timer.arm(at: wakeAt)
            let milliseconds = min(1000, Int((wakeAt - now + 999_999) / 1_000_000))
            _ = try? multi.poll(timeoutMilliseconds: milliseconds, extraDescriptor: timer.fileDescriptor)
            reporter.woke(asked: wakeAt, at: MonotonicClock.now())
            timer.drain()
        }
    }

    /// Wakes the loop from `curl_multi_poll` (any thread).
    func wakeUp() { multi.wakeup() }

    // MARK: RequestStarter

    func send(_ transfer: Transfer, dueAt scheduled: UInt64?, atCap: Bool) -> Bool {
        transfer.prepare()
        let now = MonotonicClock.now()
        // A closed loop has no schedule: its request is due when it leaves, and it is never late.
        let dueAt = scheduled ?? now
        transfer.dueAt = dueAt
        transfer.sentAt = now
        reporter.recordSend(target: transfer.target, scheduled: scheduled, now: now, atCap: atCap)
        do {
            try multi.add(transfer.easy)
        } catch {
            reporter.recorders[transfer.target].recordError(
                kind: .other, latency: max(1, now &- dueAt), service: 1, at: now)
            return false
        }
        inFlight[transfer.easy.raw] = transfer
        return true
    }

    func drop(target: Int) {
        reporter.recorders[target].recordDropped()
    }

    func fail(target: Int, dueAt: UInt64) {
        reporter.recordFailedSend(target: target, dueAt: dueAt, kind: .other)
    }

    // MARK: Completion

    private func complete(_ handle: UnsafeMutableRawPointer, result: Int) {
        guard let transfer = inFlight.removeValue(forKey: handle) else { return }
        let now = MonotonicClock.now()
        multi.remove(transfer.easy)
        let latency = now - transfer.dueAt
        let service = now - transfer.sentAt
        if result == 0 {
            reporter.recorders[transfer.target].recordResponse(
                status: transfer.easy.responseCode, latency: latency, service: service, bytes: transfer.bodyBytes,
                instance: transfer.instanceID, at: now)
        } else {
            reporter.recorders[transfer.target].recordError(
                kind: ErrorKind(curlCode: result), latency: latency, service: service, at: now)
        }
        models[transfer.target].finished(transfer)
    }

    /// Stops every request in flight and counts it as `aborted`, at the time it was stopped.
    private func abortInFlight() {
        let now = MonotonicClock.now()
        for transfer in inFlight.values {
            multi.remove(transfer.easy)
            reporter.recorders[transfer.target].recordError(
                kind: .aborted, latency: now - transfer.dueAt, service: now - transfer.sentAt, at: now)
            models[transfer.target].finished(transfer)
        }
        inFlight.removeAll()
    }
}
