import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Calls `tick` on a thread of its own, every `interval`, until `stop()`: for the providers' small background jobs
/// (sampling HAProxy's health states, firing scheduled faults) that must not block the shared concurrency pool.
final class TickingThread: Sendable {
    /// Set by `stop()`; the thread checks it at least every 20 ms.
    private let stopRequested = Flag()
    /// The thread, joined once by `stop()` (nil once joined).
    private let thread: Mutex<pthread_t?>

    /// Starts the thread; `tick` runs first at once, then every `interval` after the previous call began.
    init(interval: Duration, tick: @escaping @Sendable () -> Void) {
        let stopRequested = self.stopRequested
        let body = Body {
            let clock = ContinuousClock()
            var next = clock.now
            while !stopRequested.isSet {
                if clock.now >= next {
                    next = next.advanced(by: interval)
                    tick()
                    continue
                }
                // The clock moves on between the check above and here: never a negative wait.
                let wait = max(.zero, min(clock.now.duration(to: next), .milliseconds(20)))
                let (seconds, attoseconds) = wait.components
                usleep(useconds_t(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            }
        }
        var handle = pthread_t()
        let context = Unmanaged.passRetained(body).toOpaque()
        let result = pthread_create(
            &handle, nil,
            { raw in
                Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
                return nil
            }, context)
        precondition(result == 0, "pthread_create failed: \(result)")
        thread = Mutex(handle)
    }

    /// Asks the thread to stop and waits for its current `tick` to end. Idempotent.
    func stop() {
        stopRequested.set()
        guard
            let handle = thread.withLock({ handle in
                defer { handle = nil }
                return handle
            })
        else { return }
        pthread_join(handle, nil)
    }

    deinit { stop() }

    /// A flag one thread sets and another reads.
    private final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    /// The thread's work, handed to `pthread_create` through an unmanaged pointer.
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
}
