import Messaging
import Wire

/// The coordinator's side of the wire: one ROUTER socket, owned by the thread that calls into the hub.
///
/// The hub admits agents (HELLO → WELCOME, or REJECT on a protocol mismatch), keeps heartbeats flowing both ways,
/// declares an agent lost when it has been silent for `liveness` heartbeats, and hands everything else to the
/// caller as events.
final class AgentHub {
    /// A connected agent.
    struct Agent {
        var identity: Frame
        var hello: Hello
        var lastHeard: UInt64
        var lost = false
    }

    enum Event {
        case joined(Int)
        case ready(Int, ShardRef)
        case report(Int, ReportHeader, [TargetHistograms])
        case lost(Int)
    }

    private(set) var agents: [Agent] = []
    /// Messages that did not decode or came from strangers; dropped and counted, never a crash.
    private(set) var dropped = 0
    /// The endpoint actually bound (port resolved).
    let endpoint: String
    private let socket: ZMQSocket
    private let heartbeatInterval: UInt64
    private let liveness: UInt64
    private var lastHeartbeat: UInt64 = 0
    private let log: (String) -> Void

    init(context: ZMQContext, bind: String, heartbeatInterval: Duration, liveness: Int, log: @escaping (String) -> Void) throws {
        socket = try ZMQSocket(context: context, type: .router)
        try socket.setMaxMessageSize(WireProtocol.maximumMessageBytes)
        try socket.setRouterMandatory(true)
        endpoint = try socket.bind(bind)
        self.heartbeatInterval = UInt64(heartbeatInterval.wholeNanoseconds)
        self.liveness = UInt64(liveness)
        self.log = log
    }

    func close() { socket.close() }

    /// Agents still alive.
    var liveAgents: [Int] { agents.indices.filter { !agents[$0].lost } }

    /// Sends a message to one agent; a vanished peer is not an error here (loss is detected by heartbeats).
    func send(_ message: WireMessage, to agent: Int) {
        try? socket.send([agents[agent].identity] + message.frames(), dontWait: true)
    }

    /// Waits up to `timeout` for traffic, handles the protocol's housekeeping and returns the events.
    func pump(timeout: Duration) throws -> [Event] {
        var poller = ZMQPoller()
        let index = poller.add(socket)
        var events: [Event] = []
        if try poller.poll(timeout: timeout).contains(index) {
            while let frames = try socket.receive(dontWait: true) {
                handle(frames, into: &events)
            }
        }
        let now = MonotonicClock.now()
        if now &- lastHeartbeat >= heartbeatInterval {
            for agent in liveAgents { send(.heartbeat, to: agent) }
            lastHeartbeat = now
        }
        for agent in liveAgents where now &- agents[agent].lastHeard > heartbeatInterval * liveness {
            agents[agent].lost = true
            events.append(.lost(agent))
        }
        return events
    }

    private func handle(_ frames: [Frame], into events: inout [Event]) {
        guard frames.count >= 2 else {
            dropped += 1
            return
        }
        let identity = frames[0]
        let message: WireMessage
        do {
            message = try WireMessage(frames: Array(frames.dropFirst()))
        } catch {
            dropped += 1
            log("dropped a message: \(error)")
            return
        }
        let known = agents.firstIndex { $0.identity == identity && !$0.lost }
        if let known { agents[known].lastHeard = MonotonicClock.now() }
        switch (message, known) {
        case (.hello(let hello), nil):
            guard hello.protocolVersion == WireProtocol.version else {
                let reason = "protocol version \(hello.protocolVersion) is not supported; this coordinator speaks \(WireProtocol.version)"
                try? socket.send([identity] + WireMessage.reject(Reject(reason: reason)).frames(), dontWait: true)
                log("refused agent \(hello.name): \(reason)")
                return
            }
            agents.append(Agent(identity: identity, hello: hello, lastHeard: MonotonicClock.now()))
            let welcome = Welcome(
                protocolVersion: WireProtocol.version,
                heartbeatIntervalMilliseconds: Int(heartbeatInterval / 1_000_000), heartbeatLiveness: Int(liveness))
            send(.welcome(welcome), to: agents.count - 1)
            events.append(.joined(agents.count - 1))
        case (.heartbeat, .some):
            break
        case (.ready(let ref), .some(let agent)):
            events.append(.ready(agent, ref))
        case (.report(let header, let histograms), .some(let agent)):
            events.append(.report(agent, header, histograms))
        default:
            dropped += 1
        }
    }
}
