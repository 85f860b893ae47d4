import Wire

/// Closed: C connections, each sending its next request as soon as the last one returned, until the agent's request
/// count is used up or its duration is over. Each connection is one slot for the whole run.
final class ClosedModel<Slot: RequestSlot>: LoadModel {
    private var idle: [Slot]
    private var remaining: Int?
    private let duration: UInt64?
    private var end: UInt64 = .max

    init(closed: ShardClosed, target: Int, factory: SlotFactory<Slot>) throws {
        var slots: [Slot] = []
        for index in 0..<closed.connections {
            slots.append(try factory.make(target, index))
        }
        idle = slots.reversed()
        remaining = closed.requests
        duration = closed.durationMilliseconds.map { UInt64(max(0, $0)) * 1_000_000 }
    }

    func begin(at start: UInt64) {
        if let duration { end = start + duration }
    }

    func issue(now: UInt64, using starter: some RequestStarter<Slot>) -> Wake {
        while remaining ?? 1 > 0, now < end, let slot = idle.popLast() {
            guard starter.send(slot, dueAt: nil) else {
                idle.append(slot)
                // The refusal was counted as a failed request; it uses up the count like any other, and the
                // connection tries again a millisecond later rather than spinning.
                if let count = remaining { remaining = count - 1 }
                return .at(now + 1_000_000)
            }
            if let count = remaining { remaining = count - 1 }
        }
        return remaining ?? 1 > 0 && now < end ? .onCompletion : .done
    }

    func finished(_ slot: Slot) {
        idle.append(slot)
    }
}
