#if canImport(Glibc)
import Glibc
#endif

/// Tells a loop that must turn at least every so often (a heartbeat round, a dead-man check) when it did not, and
/// how much of the gap its thread spent runnable but waiting for a CPU (the kernel's `schedstat` run-queue time):
/// a gap that is mostly run-queue wait is starvation by other processes, one that is not is this loop's own fault.
public struct LoopStallWatch: Sendable {
    /// One late turn of the loop.
    public struct Stall: Sendable, Equatable {
        /// Nanoseconds between this turn and the previous one.
        public var gap: UInt64
        /// Nanoseconds of that gap the thread waited on a run queue; nil where the kernel does not say.
        public var runQueueWait: UInt64?

        /// `loop did not turn for 2.31 s, 2.20 s of it waiting for a CPU`.
        public var description: String {
            let wait = runQueueWait.map { ", \(LoopStallWatch.seconds($0)) of it waiting for a CPU" } ?? ""
            return "did not turn for \(LoopStallWatch.seconds(gap))\(wait)"
        }
    }

    /// A gap longer than this is a stall.
    public var threshold: UInt64
    /// The longest gap seen so far, nanoseconds.
    public private(set) var longestGap: UInt64 = 0
    /// Stalls seen so far.
    public private(set) var stalls = 0
    private var lastTurn: UInt64?
    private var lastWait: UInt64?

    /// A watch that calls a gap longer than `threshold` nanoseconds a stall.
    public init(threshold: UInt64) {
        self.threshold = threshold
    }

    /// Notes one turn of the loop at `now`, when the thread's run-queue wait is `wait` (`runQueueWait()`); returns
    /// the stall if the gap since the previous turn passed the threshold.
    public mutating func turn(now: UInt64, wait: UInt64?) -> Stall? {
        defer {
            lastTurn = now
            lastWait = wait
        }
        guard let lastTurn else { return nil }
        let gap = now &- lastTurn
        longestGap = max(longestGap, gap)
        guard gap > threshold else { return nil }
        stalls += 1
        var waited: UInt64?
        if let wait, let lastWait, wait >= lastWait { waited = wait - lastWait }
        return Stall(gap: gap, runQueueWait: waited)
    }

    /// Nanoseconds the calling thread has spent runnable but not running, since it started
    /// (`/proc/thread-self/schedstat`, second field); nil where the file is missing.
    public static func runQueueWait() -> UInt64? {
        let descriptor = open("/proc/thread-self/schedstat", O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let fields = buffer[0..<count].split(whereSeparator: { $0 == 32 || $0 == 10 })
        guard fields.count >= 2 else { return nil }
        return UInt64(String(decoding: fields[1], as: UTF8.self))
    }

    /// `2.31 s`: nanoseconds in seconds with two decimals.
    public static func seconds(_ nanoseconds: UInt64) -> String {
        let hundredths = (nanoseconds + 5_000_000) / 10_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }
}
