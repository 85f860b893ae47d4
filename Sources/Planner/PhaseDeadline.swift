import Wire

extension ShardAssignment {
    /// The longest a correct agent can take to run this shard, in nanoseconds: every request may take the whole
    /// request timeout, pauses and timed loads last as long as they say. A phase still running well past the
    /// longest of its shards is stuck, and the coordinator ends it instead of waiting for ever.
    public var longestRunNanoseconds: UInt64 {
        let timeout = UInt64(max(0, requestTimeoutMilliseconds)) * 1_000_000
        return targets.map { target -> UInt64 in
            switch target.load {
            case .flows(let flows):
                return flows.map { flow in
                    flow.steps.reduce(UInt64(0)) { total, step in
                        total + UInt64(step.requests ?? 0) * timeout + UInt64(step.pauseMilliseconds ?? 0) * 1_000_000
                    }
                }.max() ?? 0
            case .closed(let closed):
                if let requests = closed.requests {
                    let rounds = (requests + closed.connections - 1) / max(1, closed.connections)
                    return UInt64(rounds) * timeout
                }
                return UInt64(closed.durationMilliseconds ?? 0) * 1_000_000 + timeout
            case .open(let open):
                return open.schedule.durationNanoseconds + timeout
            }
        }.max() ?? 0
    }
}
