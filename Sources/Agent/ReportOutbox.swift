import LoadEngine
import Messaging
import Synchronization
import Wire

/// What other threads hand the socket thread: reports from load-engine threads and engines (or set-up failures)
/// from the threads that prepare them. Producers push and signal the eventfd that the socket thread polls beside
/// its ZeroMQ socket.
final class ReportOutbox: Sendable {
    private let queue = Mutex<[(ShardRef, IntervalReport)]>([])
    private let prepared = Mutex<[(ShardRef, Result<LoadEngine, AgentSetupError>)]>([])
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

    /// Queues a prepared engine or the reason it could not be prepared. Called from a set-up thread.
    func pushPrepared(_ result: Result<LoadEngine, AgentSetupError>, for shard: ShardRef) {
        prepared.withLock { $0.append((shard, result)) }
        wakeup.signal()
    }

    /// Every report queued so far, oldest first.
    func takeAll() -> [(ShardRef, IntervalReport)] {
        queue.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }

    /// Every engine prepared (or failed) so far.
    func takePrepared() -> [(ShardRef, Result<LoadEngine, AgentSetupError>)] {
        prepared.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}

/// Why a shard's engine could not be prepared, in one line for the coordinator.
struct AgentSetupError: Error, CustomStringConvertible {
    var description: String
}
