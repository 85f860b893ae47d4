/// How long a peer has been silent, as far as the listener can tell: the wall-clock silence minus the time the
/// listener's own thread spent runnable but waiting for a CPU, during which it could not have heard anything even if
/// the peer spoke. On a starved machine that keeps a busy listener from declaring a live peer lost; a hard cap (twice
/// the limit of wall-clock silence) keeps a dead peer from going unnoticed however starved the listener is.
public struct PeerSilence: Sendable {
    /// Silence past this (nanoseconds, less the listener's own run-queue wait) means the peer is lost.
    public var limit: UInt64
    /// When the peer was last heard.
    public private(set) var lastHeard: UInt64
    private var waitWhenHeard: UInt64?

    /// Starts the silence now (`now`, with the listener's run-queue wait `wait`).
    public init(limit: UInt64, now: UInt64, wait: UInt64?) {
        self.limit = limit
        lastHeard = now
        waitWhenHeard = wait
    }

    /// The peer spoke.
    public mutating func heard(now: UInt64, wait: UInt64?) {
        lastHeard = now
        waitWhenHeard = wait
    }

    /// Wall-clock silence and how much of it the listener itself waited for a CPU.
    public func silence(now: UInt64, wait: UInt64?) -> (wall: UInt64, starved: UInt64) {
        let wall = now &- lastHeard
        guard let wait, let waitWhenHeard, wait >= waitWhenHeard else { return (wall, 0) }
        return (wall, min(wall, wait - waitWhenHeard))
    }

    /// Whether the peer is lost: silent past the limit once the listener's own starvation is taken off, or past twice
    /// the limit in any case.
    public func isLost(now: UInt64, wait: UInt64?) -> Bool {
        let (wall, starved) = silence(now: now, wait: wait)
        return wall - starved > limit || wall > 2 * limit
    }

    /// `2.5 s (2.13 s of it this listener waited for a CPU)`.
    public func describe(now: UInt64, wait: UInt64?) -> String {
        let (wall, starved) = silence(now: now, wait: wait)
        let part = starved > 0 ? " (\(LoopStallWatch.seconds(starved)) of it this process waited for a CPU)" : ""
        return LoopStallWatch.seconds(wall) + part
    }
}
