import Wire

/// Open: arrivals at scheduled times, sent whether or not earlier ones returned. This agent sends its arrivals of the
/// cluster's schedule (`ShardOpen`: its slots of every round of `agentCount`), each due at the shard's start plus its
/// scheduled offset. Slots come from a pool that grows up to `maxInFlight`; an arrival due while that many are
/// in flight is dropped and counted.
final class OpenModel<Slot: RequestSlot>: LoadModel {
    private let target: Int
    private let open: ShardOpen
    private let factory: SlotFactory<Slot>
    private var start: UInt64 = 0
    private var next: Int
    private var pool: [Slot] = []
    private var created = 0
    private var inFlight = 0

    init(open: ShardOpen, target: Int, factory: SlotFactory<Slot>) {
        self.target = target
        self.open = open
        self.factory = factory
        next = open.firstArrival
    }

    func begin(at start: UInt64) { self.start = start }

    func issue(now: UInt64, using starter: some RequestStarter<Slot>) -> Wake {
        while next < open.schedule.arrivalCount {
            let due = start + open.schedule.offset(ofArrival: next)
            if due > now { return .at(due) }
            next = open.arrival(after: next)
            guard inFlight < open.maxInFlight else {
                starter.drop(target: target)
                continue
            }
            guard let slot = takeSlot() else {
                starter.fail(target: target, dueAt: due)
                continue
            }
            if starter.send(slot, dueAt: due) { inFlight += 1 } else { pool.append(slot) }
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
