/// Counts the messages a peer dropped (malformed, out of range, from strangers, stale) and decides which of them
/// are worth a line: at most `examplesPerSecond` examples in any one second, then one summary line per second for
/// the rest, so 5 000 garbage messages print a handful of lines, not 5 000.
public struct DropLog: Sendable {
    /// Why a message was dropped.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// The frames did not decode.
        case malformed
        /// It decoded, but a value lay outside its range.
        case outOfRange
        /// It came from a peer that has not been admitted (or was refused).
        case stranger
        /// It named a shard, epoch or sequence number that is not current (a duplicate, late or fenced message).
        case stale
    }

    /// Examples printed per second at most.
    public let examplesPerSecond: Int
    /// Messages dropped, by kind, since the start.
    public private(set) var counts: [Kind: Int] = [:]
    private var windowStart: UInt64 = 0
    private var examplesInWindow = 0
    private var suppressedInWindow = 0

    /// A log that prints at most `examplesPerSecond` examples a second.
    public init(examplesPerSecond: Int = 3) {
        self.examplesPerSecond = examplesPerSecond
    }

    /// All dropped messages.
    public var total: Int { counts.values.reduce(0, +) }

    /// Counts a dropped message and returns the lines to print now (none, an example, and/or the summary of the
    /// previous second).
    public mutating func note(_ kind: Kind, _ example: @autoclosure () -> String, now: UInt64) -> [String] {
        counts[kind, default: 0] += 1
        var lines = flush(now: now)
        if examplesInWindow < examplesPerSecond {
            examplesInWindow += 1
            lines.append("dropped a message (\(kind.rawValue)): \(example())")
        } else {
            suppressedInWindow += 1
        }
        return lines
    }

    /// The summary line for a finished one-second window with suppressed examples, if there is one; call it now and
    /// then (e.g. each loop turn) so a burst's summary appears even when nothing else is dropped afterwards.
    public mutating func flush(now: UInt64) -> [String] {
        guard now &- windowStart >= 1_000_000_000 else { return [] }
        windowStart = now
        examplesInWindow = 0
        defer { suppressedInWindow = 0 }
        guard suppressedInWindow > 0 else { return [] }
        return ["dropped \(suppressedInWindow) more messages without printing them (\(total) dropped so far)"]
    }
}
