import Wire

/// One load model's strategy for one target: when to start requests. The engine owns the loop, the clock, the
/// transport and the recording; a model only decides, through a `RequestStarter`, what to send and when. Both
/// engines (libcurl and the fast path) run the same models, each with its own kind of slot.
/// Confined to the engine thread.
protocol LoadModel<Slot>: AnyObject {
    /// What carries one request: a libcurl `Transfer` or a fast-path `Connection`.
    associatedtype Slot: RequestSlot
    /// Called once, when the shard starts; `start` is the `MonotonicClock` time all schedules count from.
    func begin(at start: UInt64)
    /// Starts (or drops) every request due by `now` and says when to ask again.
    func issue(now: UInt64, using starter: some RequestStarter<Slot>) -> Wake
    /// A request of this model has ended (response, error or abort); its slot is free again.
    func finished(_ slot: Slot)
}

/// A reusable carrier of one request at a time, made once for its target and kept by its model.
protocol RequestSlot: AnyObject {
    /// Index of the target in the shard.
    var target: Int { get }
    /// The model's own index for the slot (flow or connection number).
    var slot: Int { get }
}

/// Makes a model's slots: `make(target, slot)`. The open model calls it while the load runs, to grow its pool.
struct SlotFactory<Slot: RequestSlot> {
    let make: (_ target: Int, _ slot: Int) throws -> Slot
}

/// When a model next needs the engine to call `issue`.
enum Wake: Equatable {
    /// At this `MonotonicClock` time (or sooner, after a completion).
    case at(UInt64)
    /// Only after one of its requests completes.
    case onCompletion
    /// Never again: everything the model will send has been sent (some may still be in flight).
    case done
}

/// What a model can ask of the engine.
protocol RequestStarter<Slot>: AnyObject {
    associatedtype Slot: RequestSlot
    /// Sends `slot`'s request, due at `dueAt` (a scheduled arrival of the open model, counted late if it leaves
    /// more than `LoadEngine.lateThreshold` after it, and late at the cap if `atCap`: it waited for a free slot), or
    /// nil for a closed loop's next request, due when it leaves; false if the engine refused it (recorded as an
    /// `other` error, the slot stays with the model).
    func send(_ slot: Slot, dueAt: UInt64?, atCap: Bool) -> Bool
    /// Counts an arrival of `target` that was not sent: it waited a whole request timeout for a free slot.
    func drop(target: Int)
    /// Counts a request of `target` that could not even get a slot (out of memory) as sent and failed.
    func fail(target: Int, dueAt: UInt64)
}

extension RequestStarter {
    /// Sends a request that did not wait for a slot.
    func send(_ slot: Slot, dueAt: UInt64?) -> Bool { send(slot, dueAt: dueAt, atCap: false) }
}

/// One target's model as a closed set of the three, so an engine loop calls it through a `switch` the optimizer
/// sees through, not through an existential (`any LoadModel`), whose calls go through witness tables at run time.
/// Measured A/B: about 2 % less engine CPU per request, within the spread of the runs (docs/BENCHMARKS.md).
enum TargetModel<Slot: RequestSlot> {
    case flows(FlowsModel<Slot>)
    case closed(ClosedModel<Slot>)
    case open(OpenModel<Slot>)

    func begin(at start: UInt64) {
        switch self {
        case .flows(let model): model.begin(at: start)
        case .closed(let model): model.begin(at: start)
        case .open(let model): model.begin(at: start)
        }
    }

    func issue<Starter: RequestStarter>(now: UInt64, using starter: Starter) -> Wake where Starter.Slot == Slot {
        switch self {
        case .flows(let model): model.issue(now: now, using: starter)
        case .closed(let model): model.issue(now: now, using: starter)
        case .open(let model): model.issue(now: now, using: starter)
        }
    }

    func finished(_ slot: Slot) {
        switch self {
        case .flows(let model): model.finished(slot)
        case .closed(let model): model.finished(slot)
        case .open(let model): model.finished(slot)
        }
    }
}

/// The models of a shard, one per target, each making its slots with `factory`.
func makeModels<Slot>(for shard: ShardAssignment, factory: SlotFactory<Slot>) throws -> [TargetModel<Slot>] {
    var models: [TargetModel<Slot>] = []
    for (index, target) in shard.targets.enumerated() {
        switch target.load {
        case .flows(let flows): models.append(.flows(try FlowsModel(flows: flows, target: index, factory: factory)))
        case .closed(let closed): models.append(.closed(try ClosedModel(closed: closed, target: index, factory: factory)))
        case .open(let open):
            models.append(
                .open(
                    OpenModel(
                        open: open, target: index, timeoutMilliseconds: shard.requestTimeoutMilliseconds,
                        factory: factory)))
        }
    }
    return models
}

/// One turn of an engine loop: asks every model not yet `done` to start what is due by `now`, marks the models
/// that will never send again, and returns the earliest time one asked to be called back (at most `wakeAt`).
func issueDue<Starter: RequestStarter>(
    _ models: [TargetModel<Starter.Slot>], done: inout [Bool], now: UInt64, wakeAt: UInt64, using starter: Starter
) -> UInt64 {
    var wakeAt = wakeAt
    for index in models.indices where !done[index] {
        switch models[index].issue(now: now, using: starter) {
        case .at(let time): wakeAt = min(wakeAt, time)
        case .onCompletion: break
        case .done: done[index] = true
        }
    }
    return wakeAt
}
