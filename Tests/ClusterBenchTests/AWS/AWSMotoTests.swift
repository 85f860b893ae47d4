import Testing

/// The tests against moto's server run one at a time: each starts a server of its own (about 2 s of CPU), and
/// several at once would crowd the two cores that every test shares.
@Suite(.serialized) enum AWSMotoTests {}

/// Runs one blocking AWS call on a thread of its own, so the test's task does not hold a thread of the shared
/// concurrency pool while it waits for moto.
func off<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await onOwnThread(body)
}
