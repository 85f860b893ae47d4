import Foundation
import LoadEngine
import Logging
import Messaging
import Wire

/// The agent's protocol loop: owns the DEALER socket on the calling thread; shards are prepared on set-up threads
/// and run on load-engine threads, and both hand their results back through the outbox.
final class AgentService {
    enum Outcome {
        case shutdown
        case coordinatorLost(String)
        case failed(String)

        var exitCode: Int32 {
            switch self {
            case .shutdown: 0
            case .failed: 1
            case .coordinatorLost: 3
            }
        }
    }

    static let version = "0.2.0"

    let endpoint: String
    let name: String
    let host: String
    /// Engine threads per shard; HELLO announces them as the agent's cores.
    let threads: Int
    /// Where log lines go (standard error, and the coordinator for a remote agent).
    let logs: AgentLogSink
    var logger: Logger
    let outbox: ReportOutbox
    let environment: [String: String]
    var socket: ZMQSocket?
    /// CURVE: the pinned coordinator public key and this agent's pair; nil for plaintext.
    var curve: (server: String, pair: CurveKeyPair)?
    var shards: [String: AgentShard] = [:]
    var drops: OutgoingDrops
    var dropLog = DropLog()
    var welcomed = false
    /// The agent's own clock as the wire sees it (shifted by a test hook only).
    let clock: AgentClock
    /// When the message being handled was received, a `MonotonicClock` reading (a clock probe's t2).
    var lastReceived: UInt64 = 0
    // Until WELCOME arrives, a patient default so that a slow coordinator start is not mistaken for loss.
    var heartbeatInterval: UInt64 = 500_000_000
    var liveness: UInt64 = 20

    init(
        endpoint: String, name: String, host: String, logLevel: Logger.Level, threads: Int,
        environment: [String: String]
    ) {
        self.endpoint = endpoint
        self.name = name
        self.host = host
        self.threads = max(1, threads)
        // A spawned agent (it has the coordinator's token) has its standard error in the run folder already.
        logs = AgentLogSink(name: name, forwards: environment["CLUSTERBENCH_AGENT_TOKEN"] == nil)
        logger = logs.logger(level: logLevel)
        self.environment = environment
        drops = OutgoingDrops(environment: environment)
        clock = AgentClock(environment: environment, agent: name)
        // An eventfd cannot fail to open short of fd exhaustion; treat that as fatal.
        outbox = try! ReportOutbox()
    }

    /// A protocol event, for `--log-level debug`.
    func log(_ text: String) {
        logger.debug("\(text)")
    }

    /// Something a person running the agent should see.
    func say(_ text: String) {
        logger.notice("\(text)")
    }

    func run() -> Outcome {
        do {
            return try loop()
        } catch {
            logger.error("\(error)")
            return .failed("\(error)")
        }
    }

    /// Sends the log lines waiting for the coordinator (once it has welcomed this agent).
    func forwardLogs() {
        guard welcomed else { return }
        for line in logs.take() { send(.log(line)) }
    }

    /// Sends a message unless the test hook drops it; a full queue is not an error (what matters is resent).
    func send(_ message: WireMessage) {
        if drops.shouldDrop(message.type) {
            log("dropped outgoing \(message.type.rawValue) (test hook)")
            return
        }
        try? socket?.send(message.frames(), dontWait: true)
    }

    private func loop() throws -> Outcome {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        self.socket = socket
        defer { socket.close() }
        try socket.setMaxMessageSize(WireProtocol.maximumMessageBytes)
        try socket.setLinger(1000)
        try socket.setRoutingID(Array(name.utf8))
        if let curve { try socket.setCurveClient(serverPublicKey: curve.server, keyPair: curve.pair) }
        try socket.connect(endpoint)

        let hello = Hello(
            protocolVersion: WireProtocol.version, agentVersion: Self.version, name: name, host: host,
            cores: threads, pid: Int(ProcessInfo.processInfo.processIdentifier),
            token: environment["CLUSTERBENCH_AGENT_TOKEN"])
        try socket.send(WireMessage.hello(hello).frames())
        log("HELLO sent to \(endpoint)")

        var poller = ZMQPoller()
        let socketIndex = poller.add(socket)
        let wakeupIndex = poller.add(fileDescriptor: outbox.wakeup.fileDescriptor)
        var lastSent = MonotonicClock.now()
        var coordinator = PeerSilence(
            limit: heartbeatInterval * liveness, now: lastSent, wait: LoopStallWatch.runQueueWait())
        var stallWatch = LoopStallWatch(threshold: heartbeatInterval)

        while true {
            let ready = try poller.poll(timeout: .nanoseconds(Int64(heartbeatInterval / 2)))
            if ready.contains(socketIndex) {
                let waitNow = LoopStallWatch.runQueueWait()
                while let frames = try socket.receive(dontWait: true) {
                    let heard = MonotonicClock.now()
                    lastReceived = heard
                    coordinator.heard(now: heard, wait: waitNow)
                    let message: WireMessage
                    do { message = try WireMessage(frames: frames) } catch {
                        let kind: DropLog.Kind = error.outOfRange ? .outOfRange : .malformed
                        for line in dropLog.note(kind, "\(error)", now: heard) { say(line) }
                        continue
                    }
                    if let outcome = handle(message) {
                        if case .failed(let reason) = outcome {
                            logger.error("\(reason)")
                            forwardLogs()
                        }
                        return outcome
                    }
                }
            }
            if ready.contains(wakeupIndex) { outbox.wakeup.drain() }
            takePrepared()
            flush()
            forwardLogs()

            let now = MonotonicClock.now()
            let wait = LoopStallWatch.runQueueWait()
            stallWatch.threshold = heartbeatInterval
            if let stall = stallWatch.turn(now: now, wait: wait) { logger.warning("socket loop \(stall.description)") }
            for line in dropLog.flush(now: now) { say(line) }
            resendUnacknowledged(now: now)
            if now &- lastSent >= heartbeatInterval {
                send(.heartbeat)
                lastSent = now
            }
            // Dead-man switch: nobody controls this agent any more, so nothing may keep loading the target. Time this
            // thread spent waiting for a CPU does not count as the coordinator's silence (up to a cap: PeerSilence).
            coordinator.limit = heartbeatInterval * liveness
            if coordinator.isLost(now: now, wait: wait) {
                stopAll()
                for engine in shards.values.compactMap(\.engine) { _ = engine.waitUntilFinished(timeout: .seconds(5)) }
                return .coordinatorLost(
                    "no word from the coordinator at \(endpoint) for \(coordinator.describe(now: now, wait: wait)); "
                        + "stopped all load")
            }
        }
    }

    func stopAll() {
        for shard in shards.values { shard.engine?.stop() }
    }

    /// Sends READY or FAILED for every shard whose preparation finished.
    private func takePrepared() {
        for (ref, result) in outbox.takePrepared() {
            guard let shard = shards[ref.shardID], shard.assignment.epoch == ref.epoch else { continue }
            switch result {
            case .success(let engine):
                shard.engine = engine
                for warning in engine.warnings { logger.warning("shard \(ref.shardID): \(warning)") }
                for note in engine.notes { logger.info("shard \(ref.shardID): \(note)") }
                send(.ready(ref))
                log("shard \(ref.shardID) prepared")
            case .failure(let error):
                shards[ref.shardID] = nil
                send(.failed(ShardFailure(shardID: ref.shardID, epoch: ref.epoch, reason: error.description)))
                logger.error("shard \(ref.shardID) could not be prepared: \(error)")
            }
        }
    }

    /// Sends every report the engines produced; each stays unacknowledged (and is resent) until an ACK covers it.
    func flush() {
        for (ref, report) in outbox.takeAll() {
            guard let shard = shards[ref.shardID], shard.assignment.epoch == ref.epoch else { continue }
            var header = ReportHeader(
                shardID: ref.shardID, epoch: ref.epoch, sequence: report.sequence, final: report.final,
                intervalNanoseconds: report.intervalNanoseconds, targets: report.targets,
                intervalEndNanoseconds: clock.wire(report.intervalEnd), startedAtNanoseconds: clock.wire(report.startedAt))
            if !report.engineHealth.isEmpty { header.engineHealth = report.engineHealth }
            let message = WireMessage.report(header, histograms: report.histograms)
            shard.unacknowledged.append((report.sequence, message.frames()))
            shard.lastSent = MonotonicClock.now()
            send(message)
            if report.final {
                shard.finalProduced = true
                log("shard \(ref.shardID) final report sent")
            }
        }
    }

    /// Sends again, oldest first, the reports of every shard that has waited a heartbeat interval for its ACK.
    private func resendUnacknowledged(now: UInt64) {
        for shard in shards.values where !shard.unacknowledged.isEmpty && now &- shard.lastSent >= heartbeatInterval {
            for (_, frames) in shard.unacknowledged {
                if drops.shouldDrop(.report) { continue }
                try? socket?.send(frames, dontWait: true)
            }
            shard.lastSent = now
            log("shard \(shard.assignment.shardID): resent \(shard.unacknowledged.count) unacknowledged reports")
        }
    }
}
