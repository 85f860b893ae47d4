import Foundation

/// Runs `body` on a new thread of its own and returns its result to the awaiting test.
///
/// ZeroMQ sockets belong to one thread and their calls block; running them on a dedicated thread
/// keeps the shared concurrency pool (2 cores here) free for the other tests running in parallel.
/// Assertions stay in the test: `body` only returns what it observed.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}

/// The UTF-8 bytes of `text`, as a frame.
func frame(_ text: String) -> [UInt8] {
    Array(text.utf8)
}
