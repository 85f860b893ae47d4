import Wire

/// Flows: each flow a closed loop of one request at a time following its steps (requests, pauses), on its own
/// slot, so its connection stays alive; flows run side by side.
final class FlowsModel<Slot: RequestSlot>: LoadModel {
    private let runners: [FlowRunner<Slot>]

    init(flows: [ShardFlow], target: Int, factory: SlotFactory<Slot>) throws {
        var runners: [FlowRunner<Slot>] = []
        for (index, flow) in flows.enumerated() {
            runners.append(FlowRunner(flow: flow, carrier: try factory.make(target, index)))
        }
        self.runners = runners
    }

    func begin(at start: UInt64) {}

    func issue(now: UInt64, using starter: some RequestStarter<Slot>) -> Wake {
        var wake = Wake.done
        for runner in runners {
            if runner.inFlight {
                if wake == .done { wake = .onCompletion }
                continue
            }
            switch runner.nextAction(now: now) {
            case .send:
                runner.inFlight = starter.send(runner.carrier, dueAt: nil)
                if wake == .done { wake = .onCompletion }
                // A refused send leaves the flow idle: its next request goes at the next call.
                if !runner.inFlight { wake = .at(now) }
            case .wait(let until):
                if case .at(let earlier) = wake { wake = .at(min(earlier, until)) } else { wake = .at(until) }
            case .done:
                break
            }
        }
        return wake
    }

    func finished(_ done: Slot) {
        runners[done.slot].inFlight = false
    }
}

/// One flow's place in its steps. Confined to the engine thread.
final class FlowRunner<Slot: RequestSlot> {
    enum Action { case send, wait(until: UInt64), done }

    let flow: ShardFlow
    let carrier: Slot
    var inFlight = false
    private var step = 0
    private var sentInStep = 0
    private var pauseUntil: UInt64?

    init(flow: ShardFlow, carrier: Slot) {
        self.flow = flow
        self.carrier = carrier
    }

    /// Advances through finished steps and pauses; says what the flow does next.
    func nextAction(now: UInt64) -> Action {
        while true {
            if let until = pauseUntil {
                if now < until { return .wait(until: until) }
                pauseUntil = nil
            }
            guard step < flow.steps.count else { return .done }
            let current = flow.steps[step]
            if let requests = current.requests {
                if sentInStep < requests {
                    sentInStep += 1
                    return .send
                }
            } else if let pause = current.pauseMilliseconds {
                pauseUntil = now + UInt64(max(0, pause)) * 1_000_000
            }
            step += 1
            sentInStep = 0
        }
    }
}
