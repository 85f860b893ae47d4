import Foundation

/// Waits for an event the test can only observe by looking (a line in a log, a file, a process state, a count at a
/// server): polls `condition` every 20 ms until it is true. The deadline is generous on purpose, 30 s by default for
/// events that take milliseconds, so that a loaded machine only makes the wait longer; reaching it means the event
/// never came, and the test fails with an error that names `what` it was waiting for (before a one-minute time limit
/// would fail it with no word on why).
func waitUntil(
    _ what: String, timeout: Duration = .seconds(30), _ condition: () throws -> Bool
) throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw WaitTimeout(what: what, timeout: timeout) }
        Thread.sleep(forTimeInterval: 0.02)
    }
}

/// What `waitUntil` throws when its event did not come in time.
struct WaitTimeout: Error, CustomStringConvertible {
    var what: String
    var timeout: Duration
    var description: String { "gave up after \(timeout) waiting for \(what)" }
}
