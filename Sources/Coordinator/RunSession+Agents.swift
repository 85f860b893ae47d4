import BenchConfig
import ChildProcesses
import Foundation
import LoadEngine
import Report
import Wire

extension RunSession {
    /// Spawns `agents.spawn` local agents (with `environment` besides their token) and waits until they and
    /// `agents.remote` remote agents have joined: 30 s for the spawned ones, `agents.remoteTimeout` for the rest.
    func startAgents(hub: AgentHub, environment: [String: String]) throws {
        let count = experiment.agents.spawn
        let remote = experiment.agents.remote
        let journal = ProcessJournal(path: runDirectory + "/processes.jsonl")
        if count > 0 { Console.progress("starting \(count) local agents on \(hub.endpoint)") }
        if remote > 0 {
            Console.progress("waiting up to \(experiment.agents.remoteTimeout.configText) for \(remote) remote agents "
                + "on \(hub.endpoint) (\(hub.security))")
        }
        // The local agents share this machine's cores: each drives its part of them, so that together they do not
        // run more engine threads than there are cores to run them.
        let threads = max(1, ProcessorAffinity.usableCores() / max(1, count))
        for index in stride(from: 1, through: count, by: 1) {
            let child = try ChildProcess.spawn(
                paths.agentExecutable,
                arguments: ["--coordinator", hub.endpoint, "--name", "agent-\(index)", "--threads", "\(threads)"],
                environment: environment.merging(["CLUSTERBENCH_AGENT_TOKEN": agentToken]) { $1 },
                outputFile: runDirectory + "/logs/agent-\(index).log")
            agentProcesses.append(child)
            try journal.record(child)
        }
        let spawnDeadline = MonotonicClock.now() + 30_000_000_000
        let remoteDeadline = MonotonicClock.now() + UInt64(experiment.agents.remoteTimeout.wholeNanoseconds)
        var lastCount = 0
        while hub.agents.count < count + remote {
            try checkCancelled()
            _ = try hub.pump(timeout: .milliseconds(100))
            if hub.agents.count > lastCount {
                for agent in hub.agents[lastCount...] where agent.hello.token != agentToken {
                    Console.progress("  remote agent \(agent.hello.name) joined from \(agent.hello.host) "
                        + "(\(agent.hello.cores) cores, version \(agent.hello.agentVersion))")
                }
                lastCount = hub.agents.count
            }
            if let dead = agentProcesses.first(where: { !$0.isRunning }) {
                let command = dead.command.joined(separator: " ")
                throw RunError("agent \(command) exited before joining; see \(runDirectory)/logs/")
            }
            let now = MonotonicClock.now()
            let spawnedIn = hub.agents.filter { $0.hello.token == agentToken }.count
            if spawnedIn < count, now > spawnDeadline {
                throw RunError("only \(spawnedIn) of \(count) agents joined within 30 s; see \(runDirectory)/logs/")
            }
            if remote > 0, now > remoteDeadline {
                let arrived = hub.agents.filter { $0.hello.token != agentToken }
                    .map { "\($0.hello.name) (\($0.hello.host))" }
                let names = arrived.isEmpty ? "none" : arrived.joined(separator: ", ")
                throw RunError("only \(arrived.count) of \(remote) remote agents joined within "
                    + "\(experiment.agents.remoteTimeout.configText): \(names)")
            }
        }
    }

    /// The secret the spawned agents bring in their HELLO (so another local process cannot pass for one): derived
    /// from the run id and this process's random state, never written anywhere.
    var agentToken: String { Self.token }

    private static let token = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 36) }.joined()

    /// Declares lost, at once, every joined agent whose spawned process has exited, and returns their `.lost`
    /// events (no need to wait for heartbeats to tell).
    func reapExitedAgents(hub: AgentHub) -> [AgentHub.Event] {
        var events: [AgentHub.Event] = []
        for child in agentProcesses where !child.isRunning {
            for agent in hub.liveAgents where hub.agents[agent].hello.pid == Int(child.pid)
                && hub.agents[agent].hello.token == agentToken
            {
                hub.markLost(agent, reason: "its process exited")
                events.append(.lost(agent))
            }
        }
        return events
    }

    /// Every agent that joined, in the order of their names, with its host, cores and why it was lost, for
    /// report.json.
    func agentSummaries() -> [AgentSummary] {
        (hub.map { hub in hub.byName.map { ($0, hub.agents[$0]) } } ?? []).map { index, agent in
            var summary = AgentSummary(
                name: agent.hello.name, host: agent.hello.host, pid: agent.hello.pid, version: agent.hello.agentVersion)
            summary.cores = agent.hello.cores
            summary.lost = agent.lostReason
            if let work = agent.lostWork {
                summary.lostInPhase = work.phase
                summary.lostWindowSeconds = [work.window.start, work.window.end].map { ($0 * 1000).rounded() / 1000 }
                summary.sentUnreported = work.sentUnreported
                summary.replannedRequests = work.replanned
            }
            if let best = agent.clock.offset.best {
                summary.clockOffsetMilliseconds = StartLedger.milliseconds(best.offset)
                summary.clockUncertaintyMilliseconds = StartLedger.milliseconds((best.delay + 1) / 2)
            }
            summary.startDeviationMilliseconds = starts.deviation(agent: index)
            summary.engineHealth = engineHealth[index].map(EngineHealthSummary.init)
            return summary
        }
    }

    /// The hub's dropped-message counts, for report.json.
    func wireSummary() -> WireSummary? {
        hub.map { hub in
            var summary = WireSummary(
                protocolVersion: WireProtocol.version,
                dropped: Dictionary(uniqueKeysWithValues: hub.dropLog.counts.map { ($0.key.rawValue, $0.value) }))
            summary.loopStalls = hub.stallWatch.stalls
            summary.longestLoopGapMilliseconds = Int(hub.stallWatch.longestGap / 1_000_000)
            summary.security = hub.security
            let phases = starts.phaseStarts
            summary.starts = phases.isEmpty ? nil : phases
            return summary
        }
    }

    /// Sends SHUTDOWN to every live agent and waits (bounded) for the spawned ones to exit.
    func stopAgents(_ hub: AgentHub) {
        for agent in hub.liveAgents { hub.send(.shutdown, to: agent) }
        for child in agentProcesses where child.waitForExit(timeout: .seconds(5)) == nil {
            child.terminate(grace: .seconds(2))
        }
    }
}
