import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Samples HAProxy's server states from its stats socket on a thread of its own, so that the `haproxy` collector
/// can tell how many targets were healthy in each period (CloudWatch's HealthyHostCount).
///
/// A server counts as healthy while HAProxy considers it up (status `UP`, also `UP 1/2` while a failing check has
/// not yet reached `fall`): HAProxy's own thresholds decide, as an ALB's do for CloudWatch. Only changes are kept.
/// A sample that cannot be read (stats socket busy or gone) is skipped: the last state holds.
final class HealthPoller: Sendable {
    /// What the thread found, shared with it.
    private let store = Store()
    /// The sampling thread.
    private let thread: TickingThread

    /// Starts sampling `show stat` on `statsSocket` every `interval`; servers are keyed by their name (instance
    /// ids are unique across clusters).
    init(statsSocket: String, interval: Duration) {
        let store = self.store
        thread = TickingThread(interval: interval) {
            guard let answer = try? UnixSocketClient.request(path: statsSocket, command: "show stat"),
                let stats = try? HAProxyStats(csv: answer)
            else { return }
            store.absorb(stats, at: HealthPoller.now())
        }
    }

    deinit { thread.stop() }

    /// Stops sampling (idempotent); the timeline stays readable.
    func stop() { thread.stop() }

    /// Records states read elsewhere (by `waitUntilHealthy`), so the timeline is exact at that moment rather than
    /// up to one interval late.
    func absorb(_ stats: HAProxyStats) {
        store.absorb(stats, at: Self.now())
    }

    /// Every change seen so far.
    var health: HealthTimeline { store.timeline.withLock { $0 } }

    /// How many samples were read.
    var sampleCount: Int { store.samples.withLock { $0 } }

    /// Seconds since 1970 (UTC), the clock HAProxy's log uses.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The timeline and sample count, each guarded by its `Mutex`.
    private final class Store: Sendable {
        let timeline = Mutex(HealthTimeline())
        let samples = Mutex(0)

        func absorb(_ stats: HAProxyStats, at time: Double) {
            timeline.withLock { timeline in
                for row in stats.rows where row.isServer {
                    timeline.record(row.service, healthy: row.status.hasPrefix("UP"), at: time)
                }
            }
            samples.withLock { $0 += 1 }
        }
    }
}
