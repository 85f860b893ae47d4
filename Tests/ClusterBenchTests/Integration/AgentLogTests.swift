import ChildProcesses
import Foundation
import Messaging
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

    @Test(.timeLimit(.minutes(3))) func anAgentCannotFloodTheConsoleWithErrorLines() throws {
        // A remote agent of this test's own (a DEALER speaking the protocol) joins, sends 40 error lines at once,
        // and fails every shard it is given (the spawned agent runs them). The console shows 5 of the 40 and says
        // how many more there were once the run ends; the agent's file keeps all 40.
        let bench = try ProtocolFaultTests.Bench(
            "agent-flood", agents: #""spawn": 1, "remote": 1, "remoteTimeout": "60s", "bind": "BIND""#)
        let endpoint = "tcp://127.0.0.1:\(try ProtocolFaultTests.freePort())"
        let config = try String(contentsOfFile: bench.config, encoding: .utf8).replacingOccurrences(of: "BIND", with: endpoint)
        try config.write(toFile: bench.config, atomically: true, encoding: .utf8)
        let result = try bench.run(environment: [:], marker: "remote agents on \(endpoint)") {
            let context = try ZMQContext()
            let dealer = try ZMQSocket(context: context, type: .dealer)
            defer { dealer.close() }
            try dealer.setLinger(1000)
            try dealer.setReceiveTimeout(200)
            try dealer.connect(endpoint)
            let hello = Hello(
                protocolVersion: WireProtocol.version, agentVersion: "test", name: "flood", host: "h", cores: 1, pid: 1)
            try dealer.send(WireMessage.hello(hello).frames())
            var lastHeartbeat: UInt64 = 0
            let deadline = MonotonicClock.now() + 90_000_000_000
            loop: while MonotonicClock.now() < deadline {
                if MonotonicClock.now() - lastHeartbeat > 300_000_000 {
                    try dealer.send(WireMessage.heartbeat.frames())
                    lastHeartbeat = MonotonicClock.now()
                }
                guard let frames = try dealer.receive() else { continue }
                switch try WireMessage(frames: frames) {
                case .welcome:
                    for number in 1...40 {
                        try dealer.send(WireMessage.log(AgentLogLine(level: .error, text: "line \(number)")).frames())
                    }
                case .time(let probe):
                    let now = MonotonicClock.now()
                    try dealer.send(
                        WireMessage.timeReply(
                            TimeReply(sequence: probe.sequence, probeSentNanoseconds: probe.sentNanoseconds, receivedNanoseconds: now,
                                repliedNanoseconds: now)).frames())
                case .shard(let shard):
                    try dealer.send(
                        WireMessage.failed(ShardFailure(shardID: shard.shardID, epoch: shard.epoch, reason: "test agent")).frames())
                case .shutdown, .reject:
                    break loop
                default:
                    continue
                }
            }
        }
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(try bench.totals() == [[42, 42, 0], [42, 42, 0]])
        let shown = result.output.split(separator: "\n").filter { $0.contains("agent flood: error: line ") }
        #expect(shown.map { $0.trimmingCharacters(in: .whitespaces) } == (1...5).map { "agent flood: error: line \($0)" })
        #expect(result.output.contains("agent flood: 35 more error lines, not shown here: logs/agents/flood.log"))
        let runDirectory = try RunFixtures.runDirectory(in: bench.directory + "/results")
        let file = try String(contentsOfFile: runDirectory + "/logs/agents/flood.log", encoding: .utf8)
        #expect(file.split(separator: "\n").filter { $0.contains(" error line ") }.count == 40)
    }

    @Test func anUnknownLevelIsRefusedWithTheLevelsItTakes() throws {
        let result = try Tools.run("agent", ["--coordinator", "tcp://127.0.0.1:5555", "--log-level", "loud"])
        #expect(result.exitCode == 64)
        #expect(result.output.contains(
            "--log-level: expected trace, debug, info, notice, warning, error or critical, found \"loud\""))
    }
}
