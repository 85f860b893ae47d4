import ChildProcesses
import Foundation
import Testing
import Wire

/// A remote agent's log lines reach the coordinator's run folder (logs/agents/NAME.log) at the level it was
/// started with; a spawned agent's do not (its standard error is logs/agent-N.log already); a bad level is refused.
@Suite struct AgentLogTests {
    @Test(.timeLimit(.minutes(3))) func aRemoteAgentsLinesReachTheRunFolder() throws {
        let bench = try ProtocolFaultTests.Bench(
            "agent-logs", agents: #""spawn": 1, "remote": 1, "remoteTimeout": "60s", "bind": "BIND""#)
        let port = try ProtocolFaultTests.freePort()
        let endpoint = "tcp://127.0.0.1:\(port)"
        let config = try String(contentsOfFile: bench.config, encoding: .utf8).replacingOccurrences(of: "BIND", with: endpoint)
        try config.write(toFile: bench.config, atomically: true, encoding: .utf8)
        var remote: ChildProcess?
        defer { remote?.terminate(grace: .seconds(1)) }
        let result = try bench.run(environment: [:], marker: "remote agents on \(endpoint)") {
            remote = try ChildProcess.spawn(
                Tools.path("agent"), arguments: ["--coordinator", endpoint, "--name", "remote-1", "--log-level", "debug"],
                outputFile: bench.directory + "/remote-1.log")
        }
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(try bench.totals() == [[42, 42, 0], [42, 42, 0]])
        #expect(remote?.waitForExit(timeout: .seconds(30)) == .exited(0))

        let runDirectory = try RunFixtures.runDirectory(in: bench.directory + "/results")
        let forwarded = try String(contentsOfFile: runDirectory + "/logs/agents/remote-1.log", encoding: .utf8)
        let local = try String(contentsOfFile: bench.directory + "/remote-1.log", encoding: .utf8)
        // Debug lines made it (the level given), each as `<ISO 8601 time> <level> <text>`, each one the agent also
        // wrote to its own standard error.
        #expect(forwarded.contains(" debug WELCOME: heartbeat "), "\(forwarded)")
        #expect(forwarded.contains(" debug shard p1-a2 starts in "), "\(forwarded)")
        let lines = forwarded.split(separator: "\n")
        #expect(lines.count >= 4)
        #expect(lines.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trace|debug|info|notice|warning|error|critical) .+/) != nil })
        for line in lines {
            let text = line.split(separator: " ", maxSplits: 2).last.map(String.init) ?? ""
            #expect(local.contains(text), "\(text) is not in the agent's own output")
        }
        // The spawned agent sent none.
        let files = try FileManager.default.contentsOfDirectory(atPath: runDirectory + "/logs/agents")
        #expect(files == ["remote-1.log"])
    }

    @Test func anUnknownLevelIsRefusedWithTheLevelsItTakes() throws {
        let result = try Tools.run("agent", ["--coordinator", "tcp://127.0.0.1:5555", "--log-level", "loud"])
        #expect(result.exitCode == 64)
        #expect(result.output.contains(
            "--log-level: expected trace, debug, info, notice, warning, error or critical, found \"loud\""))
    }
}
