import Foundation

/// How the client retries: bounded attempts, exponential backoff with full jitter (a random delay between zero and
/// `min(maximumDelay, baseDelay * 2^(attempt-1))`), on throttling, 5xx and transport errors.
///
/// `sleep` and `random` are injectable so a test can run the schedule without waiting.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included (1 disables retries).
    public var maximumAttempts: Int
    /// The backoff ceiling after the first failure; it doubles after each further one.
    public var baseDelay: Duration
    /// No wait is longer than this.
    public var maximumDelay: Duration
    /// Waits the given time (blocking the calling thread).
    public var sleep: @Sendable (Duration) -> Void
    /// A number in `0..<1`.
    public var random: @Sendable () -> Double

    /// A policy; by default 5 attempts, waits drawn from up to 200 ms, 400 ms, 800 ms, 1.6 s, never over 20 s.
    public init(
        maximumAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(20),
        sleep: @escaping @Sendable (Duration) -> Void = RetryPolicy.sleepThread,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.sleep = sleep
        self.random = random
    }

    /// Blocks the calling thread for `duration`.
    public static func sleepThread(_ duration: Duration) {
        Thread.sleep(forTimeInterval: duration.seconds)
    }

    /// The default policy.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// The ceiling of the wait after failed attempt `attempt` (1-based): `baseDelay * 2^(attempt-1)`, capped.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = baseDelay.seconds * Double(1 << exponent)
        return .seconds(min(ceiling, maximumDelay.seconds))
    }

    /// The wait after failed attempt `attempt`: a uniform draw from zero up to its ceiling (full jitter).
    public func delay(afterAttempt attempt: Int) -> Duration {
        .seconds(ceiling(afterAttempt: attempt).seconds * min(max(random(), 0), 1))
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
