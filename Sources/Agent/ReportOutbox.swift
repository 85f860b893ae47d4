import LoadEngine
import Messaging
import Synchronization
import Wire

/// Reports produced on load-engine threads, waiting for the socket thread to send them. Engine threads push and
/// signal the eventfd that the socket thread polls beside its ZeroMQ socket.
final class ReportOutbox: Sendable {
    private let queue = Mutex<[(ShardRef, IntervalReport)]>([])
    /// Polled by the socket thread; signalled on every push.
    let wakeup: WakeupSignal

    init() throws {
        wakeup = try WakeupSignal()
    }

    /// Queues a report. Called from an engine thread.
    func push(_ report: IntervalReport, for shard: ShardRef) {
        queue.withLock { $0.append((shard, report)) }
        wakeup.signal()
    }

    /// Everything queued so far, oldest first.
    func takeAll() -> [(ShardRef, IntervalReport)] {
        queue.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
