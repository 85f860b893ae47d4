import Synchronization
import Wire

/// Merges the interval reports of a shard's engine threads into the one stream the shard reports, losslessly:
/// counters and histograms are added per target of the whole shard.
///
/// Merged report `k` is the `k`-th report of every thread that has not finished: a thread whose final report has
/// been merged adds nothing after it. It goes out as soon as every unfinished thread has delivered its `k`-th, with
/// the sequence numbered by the merger (0, 1, 2...), the longest interval and the latest interval end of its parts,
/// the earliest start, and `final` once every thread's final report is in. Reports are merged and emitted under one
/// lock, so the stream leaves in sequence order whichever thread completes it.
final class ReportMerger: Sendable {
    /// What has arrived and not yet been merged.
    private struct State {
        /// Reports delivered by each thread and not yet merged, oldest first.
        var pending: [[IntervalReport]]
        /// Threads whose final report has been merged.
        var finished: [Bool]
        /// The sequence of the next merged report.
        var sequence = 0
    }

    private let state: Mutex<State>
    /// Per thread: its target indices to the shard's (`ShardPart.targetMap`).
    private let targetMaps: [[Int]]
    private let emit: @Sendable (IntervalReport) -> Void

    /// A merger of one report stream per entry of `targetMaps`, emitting the merged stream through `emit` (called
    /// on the thread that completes a merged report, under the merger's lock: it must not block).
    init(targetMaps: [[Int]], emit: @escaping @Sendable (IntervalReport) -> Void) {
        self.targetMaps = targetMaps
        self.emit = emit
        state = Mutex(
            State(
                pending: Array(repeating: [], count: targetMaps.count),
                finished: Array(repeating: false, count: targetMaps.count)))
    }

    /// Takes the next report of thread `thread` (each thread delivers its own in sequence order) and emits every
    /// merged report that is now complete.
    func receive(_ report: IntervalReport, from thread: Int) {
        state.withLock { state in
            state.pending[thread].append(report)
            while let parts = Self.takeComplete(&state) {
                emit(merge(parts, state: &state))
            }
        }
    }

    /// The next report of every unfinished thread, removed from the queues, if every one of them has delivered it.
    private static func takeComplete(_ state: inout State) -> [(thread: Int, report: IntervalReport)]? {
        let open = state.pending.indices.filter { !state.finished[$0] }
        guard !open.isEmpty, open.allSatisfy({ !state.pending[$0].isEmpty }) else { return nil }
        return open.map { ($0, state.pending[$0].removeFirst()) }
    }

    /// One merged report of `parts`; marks the threads whose part was final.
    private func merge(_ parts: [(thread: Int, report: IntervalReport)], state: inout State) -> IntervalReport {
        var counters: [Int: TargetCounters] = [:]
        var histograms: [Int: TargetHistograms] = [:]
        var merged = IntervalReport(
            sequence: state.sequence, final: false, intervalNanoseconds: 0, targets: [], histograms: [],
            intervalEnd: 0, startedAt: .max)
        for (thread, report) in parts {
            if report.final { state.finished[thread] = true }
            merged.intervalNanoseconds = max(merged.intervalNanoseconds, report.intervalNanoseconds)
            merged.intervalEnd = max(merged.intervalEnd, report.intervalEnd)
            merged.startedAt = min(merged.startedAt, report.startedAt)
            merged.engineHealth.add(report.engineHealth)
            for (part, pair) in zip(report.targets, report.histograms) {
                let target = targetMaps[thread][part.target]
                var mapped = part
                mapped.target = target
                if counters[target] == nil {
                    counters[target] = mapped
                    histograms[target] = pair
                } else {
                    counters[target]?.add(mapped)
                    histograms[target]?.add(pair)
                }
            }
        }
        let order = counters.keys.sorted()
        merged.targets = order.compactMap { counters[$0] }
        merged.histograms = order.compactMap { histograms[$0] }
        merged.final = !state.finished.contains(false)
        state.sequence += 1
        return merged
    }
}
