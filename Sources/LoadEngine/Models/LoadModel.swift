/// One load model's strategy for one target: when to start requests. The engine owns the loop, the clock, libcurl
/// and the recording; a model only decides, through a `RequestStarter`, what to send and when.
/// Confined to the engine thread.
protocol LoadModel: AnyObject {
    /// Called once, when the shard starts; `start` is the `MonotonicClock` time all schedules count from.
    func begin(at start: UInt64)
    /// Starts (or drops) every request due by `now` and says when to ask again.
    func issue(now: UInt64, using starter: RequestStarter) -> Wake
    /// A request of this model has ended (response, error or abort); its transfer is free again.
    func finished(_ transfer: Transfer)
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
protocol RequestStarter: AnyObject {
    /// Sends `transfer`'s request, due at `dueAt` (a scheduled arrival of the open model, counted late if it leaves
    /// more than `LoadEngine.lateThreshold` after it), or nil for a closed loop's next request, due when it leaves;
    /// false if libcurl refused it (recorded as an `other` error, the transfer stays with the model).
    func send(_ transfer: Transfer, dueAt: UInt64?) -> Bool
    /// Counts an arrival of `target` that was not sent because the in-flight cap was reached.
    func drop(target: Int)
    /// Counts a request of `target` that could not even get a transfer (libcurl out of memory) as sent and failed.
    func fail(target: Int, dueAt: UInt64)
}
