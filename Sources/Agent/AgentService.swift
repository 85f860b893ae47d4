import Foundation
import LoadEngine
import Messaging
import Wire

/// The agent's protocol loop: owns the DEALER socket on the calling thread, runs shards on load-engine threads.
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

    static let version = "0.1.0"

    private let endpoint: String
    private let name: String
    private let host: String
    private let verbose: Bool
    private let outbox: ReportOutbox

    init(endpoint: String, name: String, host: String, verbose: Bool) {
        self.endpoint = endpoint
        self.name = name
        self.host = host
        self.verbose = verbose
        // An eventfd cannot fail to open short of fd exhaustion; treat that as fatal.
        outbox = try! ReportOutbox()
    }

    private func log(_ text: String) {
        if verbose { FileHandle.standardError.write(Data("agent \(name): \(text)\n".utf8)) }
    }

    func run() -> Outcome {
        do {
            return try loop()
        } catch {
            return .failed("\(error)")
        }
    }

    private func loop() throws -> Outcome {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        defer { socket.close() }
        try socket.setMaxMessageSize(WireProtocol.maximumMessageBytes)
        try socket.setLinger(1000)
        try socket.setRoutingID(Array(name.utf8))
        try socket.connect(endpoint)

        let hello = Hello(
            protocolVersion: WireProtocol.version, agentVersion: Self.version, name: name, host: host,
            cores: ProcessInfo.processInfo.activeProcessorCount, pid: Int(ProcessInfo.processInfo.processIdentifier))
        try socket.send(WireMessage.hello(hello).frames())
        log("HELLO sent to \(endpoint)")

        var poller = ZMQPoller()
        let socketIndex = poller.add(socket)
        let wakeupIndex = poller.add(fileDescriptor: outbox.wakeup.fileDescriptor)

        // Until WELCOME arrives, use a patient default so that a slow coordinator start is not mistaken for loss.
        var heartbeatInterval: UInt64 = 500_000_000
        var liveness: UInt64 = 20
        var lastHeard = MonotonicClock.now()
        var lastSent = lastHeard
        var engines: [String: (ShardAssignment, LoadEngine)] = [:]
        var running: Set<String> = []

        while true {
            let ready = try poller.poll(timeout: .nanoseconds(Int64(heartbeatInterval / 2)))

            if ready.contains(socketIndex) {
                while let frames = try socket.receive(dontWait: true) {
                    lastHeard = MonotonicClock.now()
                    let message: WireMessage
                    do { message = try WireMessage(frames: frames) } catch {
                        log("dropped: \(error)")
                        continue
                    }
                    switch message {
                    case .welcome(let welcome):
                        heartbeatInterval = UInt64(max(10, welcome.heartbeatIntervalMilliseconds)) * 1_000_000
                        liveness = UInt64(max(2, welcome.heartbeatLiveness))
                        log("WELCOME: heartbeat \(welcome.heartbeatIntervalMilliseconds) ms x \(liveness)")
                    case .reject(let reject):
                        stopAll(engines)
                        return .failed("coordinator refused this agent: \(reject.reason)")
                    case .heartbeat:
                        break
                    case .shard(let shard):
                        let ref = ShardRef(shardID: shard.shardID, epoch: shard.epoch)
                        let engine = try LoadEngine(shard: shard) { [outbox] report in outbox.push(report, for: ref) }
                        engines[shard.shardID] = (shard, engine)
                        try socket.send(WireMessage.ready(ref).frames())
                        let loads = shard.targets.map { "\($0.cluster) \($0.load.model.rawValue)" }
                        let requests = shard.totalRequests.map { "\($0) requests" } ?? "timed"
                        log("shard \(shard.shardID): \(loads.joined(separator: ", ")), \(requests)")
                    case .start(let start):
                        if let (shard, engine) = engines[start.shardID], shard.epoch == start.epoch,
                            !running.contains(start.shardID)
                        {
                            running.insert(start.shardID)
                            engine.start()
                            log("shard \(start.shardID) started")
                        }
                    case .stop(let ref):
                        if let (shard, engine) = engines[ref.shardID], shard.epoch == ref.epoch {
                            if running.contains(ref.shardID) { engine.stop() } else { engines[ref.shardID] = nil }
                        }
                    case .shutdown:
                        stopAll(engines)
                        flush(socket: socket, engines: &engines, running: &running, wait: true)
                        return .shutdown
                    case .hello, .ready, .report:
                        log("dropped unexpected \(message)")
                    }
                }
            }
            if ready.contains(wakeupIndex) { outbox.wakeup.drain() }
            flush(socket: socket, engines: &engines, running: &running, wait: false)

            let now = MonotonicClock.now()
            if now &- lastSent >= heartbeatInterval {
                try? socket.send(WireMessage.heartbeat.frames(), dontWait: true)
                lastSent = now
            }
            // Dead-man switch: nobody controls this agent any more, so nothing may keep loading the target.
            if now &- lastHeard > heartbeatInterval * liveness {
                stopAll(engines)
                for (_, engine) in engines.values { _ = engine.waitUntilFinished(timeout: .seconds(5)) }
                let silent = Double(now &- lastHeard) / 1e9
                return .coordinatorLost(
                    "no word from the coordinator at \(endpoint) for \(String(format: "%.1f", silent)) s; stopped all load")
            }
        }
    }

    private func stopAll(_ engines: [String: (ShardAssignment, LoadEngine)]) {
        for (_, engine) in engines.values { engine.stop() }
    }

    /// Sends every queued report; forgets a shard once its final report is out.
    private func flush(
        socket: ZMQSocket, engines: inout [String: (ShardAssignment, LoadEngine)], running: inout Set<String>,
        wait: Bool
    ) {
        let deadline = MonotonicClock.now() + 5_000_000_000
        repeat {
            for (ref, report) in outbox.takeAll() {
                let header = ReportHeader(
                    shardID: ref.shardID, epoch: ref.epoch, sequence: report.sequence, final: report.final,
                    intervalNanoseconds: report.intervalNanoseconds, targets: report.targets)
                try? socket.send(WireMessage.report(header, histograms: report.histograms).frames(), dontWait: true)
                if report.final {
                    engines[ref.shardID] = nil
                    running.remove(ref.shardID)
                    log("shard \(ref.shardID) final report sent")
                }
            }
            if !wait || running.isEmpty { return }
            Thread.sleep(forTimeInterval: 0.01)
        } while MonotonicClock.now() < deadline
    }
}
