import Wire

/// The engine thread's loop: one libcurl multi handle serving one `LoadModel` per target, the recorders, the
/// interval reports. Everything here is confined to the engine thread.
final class EngineLoop: RequestStarter {
    private let multi: MultiHandle
    private let models: [LoadModel]
    private let emit: @Sendable (IntervalReport) -> Void
    private let interval: UInt64
    private let timer = WakeTimer()
    private var recorders: [TargetRecorder]
    private var inFlight: [UnsafeMutableRawPointer: Transfer] = [:]
    private var sequence = 0
    private var intervalStart: UInt64 = 0
    private var startedAt: UInt64 = 0

    init(
        multi: MultiHandle, models: [LoadModel], reportIntervalMilliseconds: Int,
        emit: @escaping @Sendable (IntervalReport) -> Void
    ) {
        self.multi = multi
        self.models = models
        self.emit = emit
        interval = UInt64(max(1, reportIntervalMilliseconds)) * 1_000_000
        recorders = models.indices.map { TargetRecorder(target: $0) }
    }

    /// Runs the shard to its end, or until `stopRequested` says so; the last report is marked final.
    func run(stopRequested: () -> Bool) {
        let start = MonotonicClock.now()
        startedAt = start
        for model in models { model.begin(at: start) }
        intervalStart = start
        var nextReport = start + interval
        var done = [Bool](repeating: false, count: models.count)

        while true {
            if stopRequested() {
                abortInFlight()
                report(final: true)
                return
            }
            var now = MonotonicClock.now()
            var wakeAt = nextReport
            for index in models.indices where !done[index] {
                switch models[index].issue(now: now, using: self) {
                case .at(let time): wakeAt = min(wakeAt, time)
                case .onCompletion: break
                case .done: done[index] = true
                }
            }
            if inFlight.isEmpty && !done.contains(false) {
                report(final: true)
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
                report(final: false)
                while nextReport <= now { nextReport += interval }
            }
            // A finished request may free a closed loop to send at once: ask the models again before sleeping.
            if finished > 0 { continue }
            wakeAt = min(wakeAt, nextReport)
            guard wakeAt > now else { continue }
            timer.arm(at: wakeAt)
            let milliseconds = min(1000, Int((wakeAt - now + 999_999) / 1_000_000))
            _ = try? multi.poll(timeoutMilliseconds: milliseconds, extraDescriptor: timer.fileDescriptor)
            timer.drain()
        }
    }

    // MARK: RequestStarter

    func send(_ transfer: Transfer, dueAt scheduled: UInt64?) -> Bool {
        transfer.prepare()
        let now = MonotonicClock.now()
        // A closed loop has no schedule: its request is due when it leaves, and it is never late.
        let dueAt = scheduled ?? now
        transfer.dueAt = dueAt
        transfer.sentAt = now
        let late = scheduled != nil && now > dueAt && now - dueAt > LoadEngine.lateThresholdNanoseconds
        recorders[transfer.target].recordSent(late: late)
        do {
            try multi.add(transfer.easy)
        } catch {
            recorders[transfer.target].recordError(kind: .other, latency: max(1, now &- dueAt), service: 1)
            return false
        }
        inFlight[transfer.easy.raw] = transfer
        return true
    }

    func drop(target: Int) {
        recorders[target].recordDropped()
    }

    func fail(target: Int, dueAt: UInt64) {
        let now = MonotonicClock.now()
        recorders[target].recordSent(late: now > dueAt && now - dueAt > LoadEngine.lateThresholdNanoseconds)
        recorders[target].recordError(kind: .other, latency: max(1, now &- dueAt), service: 1)
    }

    // MARK: Completion

    private func complete(_ handle: UnsafeMutableRawPointer, result: Int) {
        guard let transfer = inFlight.removeValue(forKey: handle) else { return }
        let now = MonotonicClock.now()
        multi.remove(transfer.easy)
        let latency = now - transfer.dueAt
        let service = now - transfer.sentAt
        if result == 0 {
            recorders[transfer.target].recordResponse(
                status: transfer.easy.responseCode, latency: latency, service: service, bytes: transfer.bodyBytes,
                instance: transfer.instanceID)
        } else {
            recorders[transfer.target].recordError(kind: ErrorKind(curlCode: result), latency: latency, service: service)
        }
        models[transfer.target].finished(transfer)
    }

    /// Stops every request in flight and counts it as `aborted`, at the time it was stopped.
    private func abortInFlight() {
        let now = MonotonicClock.now()
        for transfer in inFlight.values {
            multi.remove(transfer.easy)
            recorders[transfer.target].recordError(
                kind: .aborted, latency: now - transfer.dueAt, service: now - transfer.sentAt)
            models[transfer.target].finished(transfer)
        }
        inFlight.removeAll()
    }

    private func report(final: Bool) {
        let now = MonotonicClock.now()
        var counters: [TargetCounters] = []
        var histograms: [TargetHistograms] = []
        for index in recorders.indices {
            if let (c, h) = recorders[index].drain() {
                counters.append(c)
                histograms.append(h)
            }
        }
        emit(
            IntervalReport(
                sequence: sequence, final: final, intervalNanoseconds: now - intervalStart, targets: counters,
                histograms: histograms, intervalEnd: now, startedAt: startedAt))
        sequence += 1
        intervalStart = now
    }
}
