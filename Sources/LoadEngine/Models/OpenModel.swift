import Wire

/// Open: arrivals at scheduled times, sent whether or not earlier ones returned. This agent sends its arrivals of the
/// cluster's schedule (`ShardOpen`: its slots of every round of `agentCount`), each due at the shard's start plus its
/// scheduled offset. Transfers come from a pool that grows up to `maxInFlight`; an arrival due while that many are
/// in flight is dropped and counted.
final class OpenModel: LoadModel {
    private let target: Int
    private let open: ShardOpen
    private let settings: TransferSettings
    private var start: UInt64 = 0
    private var next: Int
    private var pool: [Transfer] = []
    private var created = 0
    private var inFlight = 0

    init(open: ShardOpen, target: Int, settings: TransferSettings) {
        self.target = target
        self.open = open
        self.settings = settings
        next = open.firstArrival
    }

    func begin(at start: UInt64) { self.start = start }

    func issue(now: UInt64, using starter: RequestStarter) -> Wake {
        while next < open.schedule.arrivalCount {
            let due = start + open.schedule.offset(ofArrival: next)
            if due > now { return .at(due) }
            next = open.arrival(after: next)
            guard inFlight < open.maxInFlight else {
                starter.drop(target: target)
                continue
            }
            guard let transfer = takeTransfer() else {
                starter.fail(target: target, dueAt: due)
                continue
            }
            if starter.send(transfer, dueAt: due) { inFlight += 1 } else { pool.append(transfer) }
        }
        return .done
    }

    func finished(_ transfer: Transfer) {
        inFlight -= 1
        pool.append(transfer)
    }

    private func takeTransfer() -> Transfer? {
        if let transfer = pool.popLast() { return transfer }
        guard let transfer = try? settings.make(target: target, slot: created) else { return nil }
        created += 1
        return transfer
    }
}
