import Foundation
import Synchronization
import Testing
import Wire

@testable import LoadEngine

/// The engine threads' report streams become the shard's one stream: merged report k holds the k-th report of every
/// thread still running, counters and histograms added per shard target, in sequence order, final once at the end.
@Suite struct ReportMergerTests {
    /// A thread's report: for each (target, sent, latencies) one target entry whose histograms hold the latencies.
    static func report(
        _ sequence: Int, final: Bool = false, interval: UInt64 = 100, end: UInt64, started: UInt64,
        _ entries: [(target: Int, sent: Int, latencies: [UInt64])]
    ) -> IntervalReport {
        let histograms = entries.map { entry in
            var pair = TargetHistograms.empty()
            for value in entry.latencies {
                pair.latency.recordLatency(nanoseconds: value)
                pair.service.recordLatency(nanoseconds: value / 2)
            }
            return pair
        }
        return IntervalReport(
            sequence: sequence, final: final, intervalNanoseconds: interval,
            targets: entries.map { TargetCounters(target: $0.target, sent: $0.sent, statusClasses: ["2xx": $0.latencies.count]) },
            histograms: histograms, intervalEnd: end, startedAt: started)
    }

    @Test func theThreadsWakeDelaysAddUp() {
        let sink = ReportSink()
        let merger = ReportMerger(targetMaps: [[0], [0]]) { sink.append($0) }
        var first = Self.report(0, final: true, end: 10, started: 1, [])
        first.engineHealth = EngineHealth(lateWakeUps: 2, lateWakeUpNanoseconds: 5_000_000, longestLateWakeUpNanoseconds: 3_000_000, runQueueWaitNanoseconds: 40)
        var second = Self.report(0, final: true, end: 10, started: 1, [])
        second.engineHealth = EngineHealth(lateWakeUps: 1, lateWakeUpNanoseconds: 7_000_000, longestLateWakeUpNanoseconds: 7_000_000, runQueueWaitNanoseconds: 2)
        merger.receive(first, from: 0)
        merger.receive(second, from: 1)
        #expect(sink.all.map(\.engineHealth) == [
            EngineHealth(lateWakeUps: 3, lateWakeUpNanoseconds: 12_000_000, longestLateWakeUpNanoseconds: 7_000_000, runQueueWaitNanoseconds: 42)
        ])
    }

    @Test func threadsThatFinishAtDifferentReportsMergeByIndexAndMapTargetsBack() throws {
        // Thread 0 runs shard targets 0 and 2, thread 1 targets 1 and 2; thread 0 ends at its report 1, thread 1 at 3.
        let sink = ReportSink()
        let merger = ReportMerger(targetMaps: [[0, 2], [1, 2]]) { sink.append($0) }
        merger.receive(Self.report(0, end: 1100, started: 1000, [(1, 3, [10, 20, 30]), (0, 1, [40])]), from: 1)
        merger.receive(Self.report(1, end: 1200, started: 1000, [(1, 2, [50, 60])]), from: 1)
        merger.receive(Self.report(2, interval: 130, end: 1330, started: 1000, [(0, 1, [70])]), from: 1)
        #expect(sink.all.isEmpty, "merged report 0 waits for thread 0's report 0")

        merger.receive(Self.report(0, interval: 120, end: 1120, started: 990, [(0, 4, [1, 2, 3, 4]), (1, 1, [5])]), from: 0)
        #expect(sink.all.count == 1, "merged report 1 waits for thread 0's report 1")
        merger.receive(Self.report(1, final: true, end: 1190, started: 990, [(1, 2, [6, 7])]), from: 0)
        // Thread 0 is done: report 2 is thread 1's alone and goes out at once.
        #expect(sink.all.count == 3)
        #expect(sink.all.allSatisfy { !$0.final })
        merger.receive(Self.report(3, final: true, end: 1400, started: 1000, []), from: 1)

        let reports = sink.all
        #expect(reports.map(\.sequence) == [0, 1, 2, 3])
        #expect(reports.map(\.final) == [false, false, false, true])
        // Merged 0: shard target 0 from thread 0's target 0 (4 sent); target 1 from thread 1's 0 (1 sent); target 2
        // from thread 0's 1 (1) and thread 1's 1 (3).
        #expect(reports[0].targets.map(\.target) == [0, 1, 2])
        #expect(reports[0].targets.map(\.sent) == [4, 1, 4])
        #expect(reports[0].histograms.map(\.latency.totalCount) == [4, 1, 4])
        #expect(reports[0].histograms.map(\.service.totalCount) == [4, 1, 4])
        #expect(reports[0].histograms[2].latency.max >= 30 && reports[0].histograms[2].latency.min <= 5)
        #expect(reports[0].intervalNanoseconds == 120 && reports[0].intervalEnd == 1120 && reports[0].startedAt == 990)
        #expect(reports[1].targets.map(\.target) == [2])
        #expect(reports[1].targets.map(\.sent) == [4])
        #expect(reports[1].targets.map(\.statusClasses) == [["2xx": 4]])
        #expect(reports[2].targets.map(\.target) == [1])
        #expect(reports[2].intervalNanoseconds == 130 && reports[2].intervalEnd == 1330 && reports[2].startedAt == 1000)
        #expect(reports[3].targets.isEmpty)
        // Nothing lost or invented: the merged totals are the threads' totals.
        #expect(sink.totals().mapValues(\.sent) == [0: 4, 1: 2, 2: 8])
        #expect(sink.latencyCount() == 14)
    }

    @Test func theFinalReportWaitsForTheLastThread() {
        let sink = ReportSink()
        let merger = ReportMerger(targetMaps: [[0], [0], [0]]) { sink.append($0) }
        merger.receive(Self.report(0, final: true, end: 5, started: 1, [(0, 1, [9])]), from: 2)
        merger.receive(Self.report(0, final: true, end: 5, started: 1, [(0, 1, [9])]), from: 0)
        #expect(sink.all.isEmpty)
        merger.receive(Self.report(0, end: 5, started: 1, [(0, 1, [9])]), from: 1)
        #expect(sink.all.map(\.final) == [false])
        merger.receive(Self.report(1, final: true, end: 6, started: 1, [(0, 1, [9])]), from: 1)
        #expect(sink.all.map(\.final) == [false, true])
        #expect(sink.totals()[0]?.sent == 4)
    }

    @Test(.timeLimit(.minutes(1))) func threadsDeliveringAtOnceGetOneStreamInOrder() {
        // Two threads of 2000 reports each, one a target (1 sent, 1 latency) per report, delivered from two threads
        // at the same time: the merged stream is 0...1999 in emission order, final only last, nothing lost.
        let count = 2000
        let sink = ReportSink()
        let merger = ReportMerger(targetMaps: [[0], [1]]) { sink.append($0) }
        let done = DispatchGroup()
        for thread in 0..<2 {
            done.enter()
            let worker = Thread {
                for sequence in 0..<count {
                    merger.receive(
                        Self.report(sequence, final: sequence == count - 1, end: UInt64(sequence), started: 0, [(0, 1, [UInt64(sequence + 1)])]),
                        from: thread)
                }
                done.leave()
            }
            worker.start()
        }
        done.wait()
        let reports = sink.all
        #expect(reports.map(\.sequence) == Array(0..<count))
        #expect(reports.filter(\.final).count == 1 && reports.last?.final == true)
        #expect(reports.allSatisfy { $0.targets.map(\.target) == [0, 1] })
        #expect(sink.totals().mapValues(\.sent) == [0: count, 1: count])
        #expect(sink.latencyCount() == UInt64(2 * count))
    }
}
