import ChildProcesses
import Wire

extension RunSession {
    func startAgents(hub: AgentHub) throws {
        let count = experiment.agents.spawn
        let journal = ProcessJournal(path: runDirectory + "/processes.jsonl")
        Console.progress("starting \(count) local agents on \(hub.endpoint)")
        for index in 1...count {
            let child = try ChildProcess.spawn(
                paths.agentExecutable, arguments: ["--coordinator", hub.endpoint, "--name", "agent-\(index)"],
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

    /// Sends SHUTDOWN to every live agent and waits (bounded) for the spawned ones to exit.
    func stopAgents(_ hub: AgentHub) {
        for agent in hub.liveAgents { hub.send(.shutdown, to: agent) }
        for child in agentProcesses where child.waitForExit(timeout: .seconds(5)) == nil {
            child.terminate(grace: .seconds(2))
        }
    }
}
