import Wire

/// The clock probes to one agent: bursts of TIME round trips, one at a time, whose samples feed the agent's
/// `ClockOffset`. A probe unanswered within the timeout counts as a round spent, so a lost TIME or TIME-REPLY
/// never stalls a burst.
struct ClockProbing {
    /// Round trips per burst: the best of these (smallest delay) gives the offset.
    static let roundsPerBurst = 8

    /// The agent's offset, from every sample so far (the last `ClockOffset.capacity`).
    private(set) var offset = ClockOffset()
    /// Probes of the current burst not yet sent.
    private(set) var roundsLeft = 0
    private var pending: TimeProbe?
    private var sequence = 0

    /// Starts a burst (a new one replaces what is left of the last).
    mutating func begin(rounds: Int = roundsPerBurst) {
        roundsLeft = rounds
    }

    /// The burst is over: every probe answered or given up on.
    var settled: Bool { roundsLeft == 0 && pending == nil }

    /// The probe to send now (`now` is its t1): the next of the burst once the last one was answered or has waited
    /// `timeout`; nil when none is due.
    mutating func due(now: UInt64, timeout: UInt64) -> TimeProbe? {
        if let pending {
            guard now &- pending.sentNanoseconds >= timeout else { return nil }
            self.pending = nil
        }
        guard roundsLeft > 0 else { return nil }
        roundsLeft -= 1
        sequence += 1
        let probe = TimeProbe(sequence: sequence, sentNanoseconds: now)
        pending = probe
        return probe
    }

    /// Takes a reply received at `t4`; false (nothing kept) if it does not answer the probe in flight, echoes
    /// another t1, or its readings cannot belong to one round trip.
    mutating func receive(_ reply: TimeReply, at t4: UInt64) -> Bool {
        guard let pending, reply.sequence == pending.sequence, reply.probeSentNanoseconds == pending.sentNanoseconds
        else { return false }
        self.pending = nil
        return offset.add(t1: pending.sentNanoseconds, t2: reply.receivedNanoseconds, t3: reply.repliedNanoseconds, t4: t4)
    }
}
