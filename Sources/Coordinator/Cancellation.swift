import Dispatch
import Foundation
import Synchronization

/// Set once by SIGINT or SIGTERM; every wait loop of a run polls it so that teardown always runs.
final class Cancellation: @unchecked Sendable {
    // `flag` is atomic. `sources` is written only by `installSignalHandlers`, on the main thread, before any
    // signal handler can run, and never read: it only keeps the dispatch sources alive.
    private let flag = Atomic<Bool>(false)
    private var sources: [DispatchSourceSignal] = []

    var isCancelled: Bool { flag.load(ordering: .acquiring) }

    func cancel() { flag.store(true, ordering: .releasing) }

    /// Routes SIGINT and SIGTERM here instead of killing the process.
    func installSignalHandlers() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if isCancelled {
                    Console.progress("still stopping: tearing down what the run started, please wait")
                } else {
                    Console.progress("interrupted: stopping the load and tearing everything down")
                    cancel()
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}
