/// The agent's LOG lines waiting for the socket thread, limited so that a chatty or failing agent cannot flood its
/// coordinator: a token bucket of `rate` lines a second (bursts of `burst`), at most `capacity` lines waiting, each
/// cut to `WireLimits.logBytes`. Lines over the limit are counted and the count rides on the next line that goes.
public struct LogLineQueue: Sendable {
    /// Lines a second, on average.
    public let rate: Double
    /// Lines that may go at once after a quiet spell.
    public let burst: Double
    /// Lines that may wait for the socket thread.
    public let capacity: Int
    private var tokens: Double
    private var last: UInt64?
    private var waiting: [AgentLogLine] = []
    /// Lines held back since the last one queued.
    public private(set) var suppressed = 0

    /// A queue of `rate` lines a second, `burst` at once, `capacity` waiting.
    public init(rate: Double = 10, burst: Double = 50, capacity: Int = 100) {
        self.rate = rate
        self.burst = burst
        self.capacity = capacity
        tokens = burst
    }

    /// Queues a line at `now` (nanoseconds, monotonic) unless over the limit; returns whether it was queued.
    @discardableResult
    public mutating func push(_ level: AgentLogLevel, _ text: String, now: UInt64) -> Bool {
        if let last, now > last { tokens = min(burst, tokens + Double(now - last) / 1e9 * rate) }
        last = now
        guard tokens >= 1, waiting.count < capacity else {
            suppressed += 1
            return false
        }
        tokens -= 1
        waiting.append(AgentLogLine(level: level, text: Self.cut(text), suppressed: suppressed))
        suppressed = 0
        return true
    }

    /// Every queued line, oldest first.
    public mutating func take() -> [AgentLogLine] {
        defer { waiting.removeAll() }
        return waiting
    }

    /// `text` cut to at most `WireLimits.logBytes` bytes of UTF-8, at a character boundary.
    static func cut(_ text: String) -> String {
        let limit = WireLimits.logBytes.upperBound
        guard text.utf8.count > limit else { return text }
        var result = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            if bytes + size > limit - 3 { break }
            result.append(character)
            bytes += size
        }
        return result + "..."
    }
}
