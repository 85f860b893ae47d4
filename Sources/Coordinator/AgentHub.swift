import Foundation
import Messaging
import Wire

/// The coordinator's side of the wire: one ROUTER socket, owned by the thread that calls into the hub.
///
/// The hub admits agents (HELLO → WELCOME, or REJECT on a protocol mismatch or a stranger), keeps heartbeats
/// flowing both ways, declares an agent lost when it has been silent for `liveness` heartbeats (and tells one that
/// comes back to stop), counts and summarises what it drops, and hands everything else to the caller as events.
final class AgentHub {
    /// A connected agent.
    struct Agent {
        var identity: Frame
        var hello: Hello
        /// Its silence, less the time this thread waited for a CPU (PeerSilence).
        var silence: PeerSilence
        var lost = false
        /// Why it was declared lost (silence, its process exited), for the report.
        var lostReason: String?
        /// What it left undone when it was lost after START (RunSession+LostAgents).
        var lostWork: LostWork?
        /// Its clock's offset from ours, and the probes that measure it.
        var clock = ClockProbing()
    }

    enum Event {
        case joined(Int)
        case ready(Int, ShardRef)
        case started(Int, ShardRef)
        case failed(Int, ShardFailure)
        /// A REPORT, its histograms decoded to their buckets only (ReceivedReport).
        case report(Int, ReceivedReport)
        case lost(Int)
    }

    /// Who may join: agents that bring the token the coordinator gave its spawned agents, and, when remote agents
    /// are expected, agents without one (CURVE, when on, has already authenticated them).
    struct Admission {
        /// The token of the spawned agents.
        var token: String?
        /// Whether agents without the token may join.
        var acceptsOthers: Bool
    }

    private(set) var agents: [Agent] = []
    /// What was dropped, by kind, with its rate-limited log.
    private(set) var dropLog = DropLog()
    /// How the socket is secured (`curve`, `plaintext (loopback)`, `plaintext (insecure)`), for the report.
    var security = ""
    /// Where agents' LOG lines go (the run folder), whatever the caller is waiting for.
    var agentLog: ((Agent, AgentLogLine) -> Void)?
    /// The endpoint actually bound (port resolved).
    let endpoint: String
    private let socket: ZMQSocket
    private let heartbeatInterval: UInt64
    private let liveness: UInt64
    private let admission: Admission
    private var lastHeartbeat: UInt64 = 0
    private var outgoingDrops = OutgoingDrops(environment: ProcessInfo.processInfo.environment)
    /// Turns of `pump` more than a heartbeat interval apart: heartbeats to every agent were late by that much.
    private(set) var stallWatch: LoopStallWatch
    private let log: (String) -> Void

    /// Binds a ROUTER at `bind`; `configure` sets options (CURVE) that must precede the bind.
    init(
        context: ZMQContext, bind: String, heartbeatInterval: Duration, liveness: Int, admission: Admission,
        configure: (ZMQSocket) throws -> Void = { _ in }, log: @escaping (String) -> Void
    ) throws {
        socket = try ZMQSocket(context: context, type: .router)
        try configure(socket)
        try socket.setMaxMessageSize(WireProtocol.maximumMessageBytes)
        try socket.setRouterMandatory(true)
        endpoint = try socket.bind(bind)
        self.heartbeatInterval = UInt64(heartbeatInterval.wholeNanoseconds)
        self.liveness = UInt64(liveness)
        self.admission = admission
        self.log = log
        stallWatch = LoopStallWatch(threshold: UInt64(heartbeatInterval.wholeNanoseconds))
    }

    func close() { socket.close() }

    /// Agents still alive, in the order of their names (`agent-2` before `agent-10`), so that a plan does not depend
    /// on who happened to join first.
    var liveAgents: [Int] { byName.filter { !agents[$0].lost } }

    /// Every agent's index, in the order of their names.
    var byName: [Int] {
        agents.indices.sorted {
            agents[$0].hello.name.compare(agents[$1].hello.name, options: .numeric) == .orderedAscending
        }
    }

    /// Sends a message to one agent; a vanished peer is not an error here (loss is detected by heartbeats). The
    /// test hook (`OutgoingDrops`) may drop it.
    func send(_ message: WireMessage, to agent: Int) {
        if outgoingDrops.shouldDrop(message.type) { return }
        try? socket.send([agents[agent].identity] + message.frames(), dontWait: true)
    }

    /// Declares an agent lost now (its process exited, or it failed), so its work can be re-planned at once.
    func markLost(_ agent: Int, reason: String) {
        guard !agents[agent].lost else { return }
        agents[agent].lost = true
        agents[agent].lostReason = reason
    }

    /// Keeps what a lost agent left undone, for the report.
    func recordLostWork(_ agent: Int, _ work: LostWork) {
        agents[agent].lostWork = work
    }

    /// Waits up to `timeout` for traffic, handles the protocol's housekeeping and returns the events.
    func pump(timeout: Duration) throws -> [Event] {
        var poller = ZMQPoller()
        let index = poller.add(socket)
        var events: [Event] = []
        if try poller.poll(timeout: timeout).contains(index) {
            let wait = LoopStallWatch.runQueueWait()
            while let frames = try socket.receive(dontWait: true) {
                handle(frames, wait: wait, into: &events)
            }
        }
        let now = MonotonicClock.now()
        let wait = LoopStallWatch.runQueueWait()
        for line in dropLog.flush(now: now) { log(line) }
        if let stall = stallWatch.turn(now: now, wait: wait) {
            log("coordinator's agent loop \(stall.description); heartbeats to the agents were late")
        }
        for agent in agents.indices where !agents[agent].lost && !agents[agent].clock.settled { sendProbe(to: agent) }
        // Every turn: by index, not `liveAgents` (sorted by name, which cost a sort per turn at 200 agents).
        if now &- lastHeartbeat >= heartbeatInterval {
            for agent in agents.indices where !agents[agent].lost { send(.heartbeat, to: agent) }
            lastHeartbeat = now
        }
        for agent in agents.indices where !agents[agent].lost && agents[agent].silence.isLost(now: now, wait: wait) {
            markLost(agent, reason: "silent for \(agents[agent].silence.describe(now: now, wait: wait))")
            events.append(.lost(agent))
        }
        return events
    }

    /// Starts a burst of clock probes to each of these agents (`ClockProbing`); the hub sends them as it pumps.
    func probeClocks(_ indices: [Int]) {
        for agent in indices where !agents[agent].lost {
            agents[agent].clock.begin()
            sendProbe(to: agent)
        }
    }

    /// Every one of these agents has finished its burst of clock probes.
    func clocksSettled(_ indices: [Int]) -> Bool {
        indices.allSatisfy { agents[$0].lost || agents[$0].clock.settled }
    }

    /// Sends the agent's next clock probe if one is due (a probe unanswered for a heartbeat interval is given up).
    private func sendProbe(to agent: Int) {
        if let probe = agents[agent].clock.due(now: MonotonicClock.now(), timeout: heartbeatInterval) {
            send(.time(probe), to: agent)
        }
    }

    /// Counts a message the caller dropped (stale or out of range for its shard) in the same rate-limited log.
    func noteDropped(_ kind: DropLog.Kind, _ example: @autoclosure () -> String) {
        drop(kind, example())
    }

    private func drop(_ kind: DropLog.Kind, _ example: @autoclosure () -> String) {
        for line in dropLog.note(kind, example(), now: MonotonicClock.now()) { log(line) }
    }

    private static let reportType = Array(MessageType.report.rawValue.utf8)

    private func handle(_ frames: [Frame], wait: UInt64?, into events: inout [Event]) {
        guard frames.count >= 2 else {
            drop(.malformed, "\(frames.count) frames")
            return
        }
        let identity = frames[0]
        let message: WireMessage
        var received: ReceivedReport?
        do {
            // The bulk of the traffic: decoded without building full histograms (ReceivedReport).
            if frames[1] == Self.reportType {
                let report = try ReceivedReport(frames: Array(frames.dropFirst()))
                received = report
                message = .report(report.header, histograms: [])
            } else {
                message = try WireMessage(frames: Array(frames.dropFirst()))
            }
        } catch {
            drop(error.outOfRange ? .outOfRange : .malformed, "\(error)")
            return
        }
        if let gone = agents.firstIndex(where: { $0.identity == identity && $0.lost }) {
            // A lost agent that comes back: its work went to others, so it must stop.
            drop(.stale, "\(message.type.rawValue) from lost agent \(agents[gone].hello.name); told it to stop")
            try? socket.send([identity] + WireMessage.shutdown.frames(), dontWait: true)
            return
        }
        let known = agents.firstIndex { $0.identity == identity }
        if let known { agents[known].silence.heard(now: MonotonicClock.now(), wait: wait) }
        switch (message, known) {
        case (.hello(let hello), nil):
            admit(hello, identity: identity, wait: wait, into: &events)
        case (.heartbeat, .some):
            break
        case (.ready(let ref), .some(let agent)):
            events.append(.ready(agent, ref))
        case (.started(let ref), .some(let agent)):
            events.append(.started(agent, ref))
        case (.failed(let failure), .some(let agent)):
            events.append(.failed(agent, failure))
        case (.report, .some(let agent)):
            if let received { events.append(.report(agent, received)) }
        case (.timeReply(let reply), .some(let agent)):
            // A reply to a probe given up on (or one that does not fit) is simply not used: the burst goes on.
            if agents[agent].clock.receive(reply, at: MonotonicClock.now()) { sendProbe(to: agent) }
        case (.log(let line), .some(let agent)):
            agentLog?(agents[agent], line)
        case (_, nil):
            drop(.stranger, "\(message.type.rawValue) from an agent that never said HELLO")
        default:
            drop(.stale, "unexpected \(message.type.rawValue) from \(agents[known!].hello.name)")
        }
    }

    private func admit(_ hello: Hello, identity: Frame, wait: UInt64?, into events: inout [Event]) {
        let reason: String?
        if hello.protocolVersion != WireProtocol.version {
            reason = "protocol version \(hello.protocolVersion) is not supported; this coordinator speaks \(WireProtocol.version)"
        } else if let token = admission.token, hello.token != token, !admission.acceptsOthers {
            reason = "not one of the agents this coordinator started, and it expects no remote agents"
        } else {
            reason = nil
        }
        if let reason {
            try? socket.send([identity] + WireMessage.reject(Reject(reason: reason)).frames(), dontWait: true)
            drop(.stranger, "refused agent \(hello.name) on \(hello.host): \(reason)")
            return
        }
        let silence = PeerSilence(limit: heartbeatInterval * liveness, now: MonotonicClock.now(), wait: wait)
        agents.append(Agent(identity: identity, hello: hello, silence: silence))
        let welcome = Welcome(
            protocolVersion: WireProtocol.version,
            heartbeatIntervalMilliseconds: Int(heartbeatInterval / 1_000_000), heartbeatLiveness: Int(liveness))
        send(.welcome(welcome), to: agents.count - 1)
        probeClocks([agents.count - 1])
        events.append(.joined(agents.count - 1))
    }
}
