import ChildProcesses
import Foundation
import Report
import Wire

extension RunSession {
    func startAgents(hub: AgentHub) throws {
        let count = experiment.agents.spawn
        let journal = ProcessJournal(path: runDirectory + "/processes.jsonl")
        Console.progress("starting \(count) local agents on \(hub.endpoint)")
        for index in 1...count {
            let child = try ChildProcess.spawn(
                paths.agentExecutable, arguments: ["--coordinator", hub.endpoint, "--name", "agent-\(index)"],
                environment: ["CLUSTERBENCH_AGENT_TOKEN": agentToken],
                outputFile: runDirectory + "/logs/agent-\(index).log")
            agentProcesses.append(child)
            try journal.record(child)
        }
        let deadline = MonotonicClock.now() + 30_000_000_000
        while hub.agents.count < count {
            try checkCancelled()
            _ = try hub.pump(timeout: .milliseconds(100))
            if let dead = agentProcesses.first(where: { !$0.isRunning }) {
                throw RunError("agent \(dead.command.joined(separator: " ")) exited before joining; see \(runDirectory)/logs/")
            }
            if MonotonicClock.now() > deadline {
                throw RunError("only \(hub.agents.count) of \(count) agents joined within 30 s; see \(runDirectory)/logs/")
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
        (hub.map { hub in hub.byName.map { hub.agents[$0] } } ?? []).map { agent in
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
