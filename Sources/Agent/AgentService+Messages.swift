import Foundation
import LoadEngine
import Wire

extension AgentService {
    /// Acts on one message from the coordinator; returns an outcome when the agent must exit.
    func handle(_ message: WireMessage) -> Outcome? {
        switch message {
        case .welcome(let welcome):
            guard welcome.protocolVersion == WireProtocol.version else {
                stopAll()
                return .failed(
                    "the coordinator at \(endpoint) speaks protocol \(welcome.protocolVersion); this agent speaks "
                        + "\(WireProtocol.version)")
            }
            welcomed = true
            heartbeatInterval = UInt64(welcome.heartbeatIntervalMilliseconds) * 1_000_000
            liveness = UInt64(welcome.heartbeatLiveness)
            log("WELCOME: heartbeat \(welcome.heartbeatIntervalMilliseconds) ms x \(liveness)")
        case .reject(let reject):
            stopAll()
            return .failed("coordinator refused this agent: \(reject.reason)")
        case .heartbeat:
            break
        case .shard(let assignment) where welcomed:
            if let known = shards[assignment.shardID] {
                // SHARD again: our READY was lost. Answer once the engine is prepared.
                if known.assignment.epoch == assignment.epoch, known.engine != nil, !known.started {
                    send(.ready(known.ref))
                }
                return nil
            }
            let shard = AgentShard(assignment)
            shards[assignment.shardID] = shard
            ShardPreparation.start(
                assignment, threads: threads, outbox: outbox, hook: environment[ShardPreparation.hookVariable],
                agent: name)
            let loads = assignment.targets.map { "\($0.cluster) \($0.load.model.rawValue)" }
            let requests = assignment.totalRequests.map { "\($0) requests" } ?? "timed"
            log("shard \(assignment.shardID): \(loads.joined(separator: ", ")), \(requests)")
        case .start(let order):
            let ref = order.ref
            guard let shard = shards[ref.shardID], shard.assignment.epoch == ref.epoch else {
                logger.warning("START for shard \(ref.shardID) epoch \(ref.epoch), which this agent does not have")
                return nil
            }
            guard let engine = shard.engine else { return nil }
            if !shard.started {
                shard.started = true
                // Never later than the coordinator's longest lead (5 s) from now, whatever the instant says.
                let instant = min(clock.local(order.startAtNanoseconds), MonotonicClock.now() + 5_000_000_000)
                engine.start(at: instant)
                let lead = Double(Int64(clamping: instant) - Int64(clamping: MonotonicClock.now())) / 1e6
                log("shard \(ref.shardID) starts in \(String(format: "%.1f", lead)) ms")
            }
            send(.started(ref))
        case .time(let probe):
            let reply = TimeReply(
                sequence: probe.sequence, probeSentNanoseconds: probe.sentNanoseconds,
                receivedNanoseconds: clock.wire(lastReceived), repliedNanoseconds: clock.wire(MonotonicClock.now()))
            send(.timeReply(reply))
        case .ack(let ack):
            guard let shard = shards[ack.shardID], shard.assignment.epoch == ack.epoch else { return nil }
            shard.unacknowledged.removeAll { $0.sequence < ack.nextSequence }
            if shard.isSettled { shards[ack.shardID] = nil }
        case .stop(let ref):
            guard let shard = shards[ref.shardID], shard.assignment.epoch == ref.epoch else { return nil }
            if shard.started { shard.engine?.stop() } else { shards[ref.shardID] = nil }
        case .shutdown:
            stopAll()
            let deadline = MonotonicClock.now() + 5_000_000_000
            while shards.values.contains(where: { $0.started && !$0.finalProduced }), MonotonicClock.now() < deadline {
                flush()
                Thread.sleep(forTimeInterval: 0.01)
            }
            flush()
            return .shutdown
        case .shard, .hello, .ready, .report, .started, .failed, .timeReply, .log:
            for line in dropLog.note(.stale, "unexpected \(message.type.rawValue)", now: MonotonicClock.now()) {
                say(line)
            }
        }
        return nil
    }
}
