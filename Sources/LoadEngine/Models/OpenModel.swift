import Wire

/// Open: arrivals at scheduled times, sent whether or not earlier ones returned. This agent sends its arrivals of the
/// cluster's schedule (`ShardOpen`: its slots of every round of `agentCount`), each due at the shard's start plus its
/// scheduled offset. Slots come from a pool that starts with the share's `connections` (made at set-up, for the
/// engine to open before the start) and grows up to `maxInFlight`.
///
/// An arrival due while `maxInFlight` requests are in flight waits, in order, for the next slot to come back (as a
/// request of wrk2's waits for its connection): it leaves late, counted `late`, and its latency still runs from its
/// due time, so the wait shows as latency and nothing is omitted. An arrival that has waited a whole request timeout
/// is dropped and counted (its request would have timed out waiting). The waiting arrivals are not stored: they are
/// the schedule's arrivals from `next` up to the present.
final class OpenModel<Slot: RequestSlot>: LoadModel {
    private let target: Int
    private let open: ShardOpen
    private let factory: SlotFactory<Slot>
    private var start: UInt64 = 0
    private var next: Int
    private var pool: [Slot] = []
    private var created = 0
    private var inFlight = 0
    /// How long an arrival may wait for a slot before it is dropped: the request timeout, in nanoseconds.
    private let maximumWait: UInt64
    /// The last time `issue` found an arrival due with every slot in flight: the arrivals due by then waited for a
    /// slot, and those that leave late are late at the cap (the servers' doing, not the engine's).
    private var capFullAt: UInt64 = 0

    init(open: ShardOpen, target: Int, timeoutMilliseconds: Int, factory: SlotFactory<Slot>) {
        self.target = target
        self.open = open
        self.factory = factory
        maximumWait = UInt64(max(1, timeoutMilliseconds)) * 1_000_000
        next = open.firstArrival
        // The connections asked for before the start are made now, for the engine to open (the fast engine's).
        for _ in 0..<open.warmConnections {
            guard let slot = try? factory.make(target, created) else { break }
            created += 1
            pool.append(slot)
        }
    }

    func begin(at start: UInt64) { self.start = start }

    func issue(now: UInt64, using starter: some RequestStarter<Slot>) -> Wake {
        while next < open.schedule.arrivalCount {
            let due = start + open.schedule.offset(ofArrival: next)
            if due > now { return .at(due) }
            if inFlight >= open.maxInFlight {
                capFullAt = now
                // Waits for a slot (a completion calls `issue` again), or until it has waited too long.
                guard now - due >= maximumWait else { return .at(due + maximumWait) }
                next = open.arrival(after: next)
                starter.drop(target: target)
                continue
            }
            next = open.arrival(after: next)
            guard let slot = takeSlot() else {
                starter.fail(target: target, dueAt: due)
                continue
            }
            if starter.send(slot, dueAt: due, atCap: due <= capFullAt) { inFlight += 1 } else { pool.append(slot) }
        }
        return .done
    }

    func finished(_ slot: Slot) {
        inFlight -= 1
        pool.append(slot)
    }

    private func takeSlot() -> Slot? {
        if let slot = pool.popLast() { return slot }
        guard let slot = try? factory.make(target, created) else { return nil }
        created += 1
        return slot
    }
}
