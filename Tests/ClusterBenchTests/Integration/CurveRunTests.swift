import ChildProcesses
import Foundation
import Messaging
import Testing
import Wire

/// A run whose agents' socket is CURVE-secured: a remote agent with a listed key joins and runs its share; one with
/// an unlisted key is refused by the ZAP handler; one that pins another coordinator's key never obeys this one.
@Suite(.enabled(if: ZMQContext.has("curve"), "skipped: this libzmq was built without CURVE"))
struct CurveRunTests {
    @Test(.timeLimit(.minutes(3))) func onlyListedAgentsThatPinTheCoordinatorJoin() throws {
        let bench = try ProtocolFaultTests.Bench(
            "curve", agents: #""spawn": 1, "remote": 1, "remoteTimeout": "60s", "keys": "KEYS", "bind": "BIND""#)
        let keys = bench.directory + "/keys"
        let other = bench.directory + "/other-keys"
        let port = try ProtocolFaultTests.freePort()
        let endpoint = "tcp://127.0.0.1:\(port)"
        let config = try String(contentsOfFile: bench.config, encoding: .utf8)
            .replacingOccurrences(of: "KEYS", with: keys).replacingOccurrences(of: "BIND", with: endpoint)
        try config.write(toFile: bench.config, atomically: true, encoding: .utf8)
        let made = try Tools.run("coordinator", ["keys", keys, "--name", "remote-1", "remote-2"])
        #expect(made.exitCode == 0, "\(made.output)")
        #expect(try Tools.run("coordinator", ["keys", other, "--name", "intruder"]).exitCode == 0)
        let coordinatorKey = try CurveKeyFolder(path: keys).coordinator().publicKey
        let otherKey = try CurveKeyFolder(path: other).coordinator().publicKey
        let intruderKey = try #require(try CurveKeyFolder(path: other).agentPublicKeys()["intruder"])
        #expect(made.output.contains("--coordinator-key \(coordinatorKey) --key-file remote-1.secret"))

        var agents: [String: ChildProcess] = [:]
        defer { for agent in agents.values { agent.terminate(grace: .seconds(1)) } }
        func agent(_ name: String, pin: String, secret: String) throws {
            agents[name] = try ChildProcess.spawn(
                Tools.path("agent"),
                arguments: ["--coordinator", endpoint, "--name", name, "--coordinator-key", pin, "--key-file", secret],
                outputFile: bench.directory + "/\(name).log")
        }
        let result = try bench.run(environment: [:], marker: "remote agents on \(endpoint) (curve)") {
            try agent("intruder", pin: coordinatorKey, secret: other + "/agents/intruder.secret")
            try agent("wrong-pin", pin: otherKey, secret: keys + "/agents/remote-2.secret")
            try agent("remote-1", pin: coordinatorKey, secret: keys + "/agents/remote-1.secret")
        }
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.output.contains("remote agent remote-1 joined from "))
        #expect(result.output.contains("refused a CURVE handshake from 127.0.0.1: key \(intruderKey) is not listed"))
        #expect(try bench.totals() == [[42, 42, 0], [42, 42, 0]])
        let report = try bench.report()
        let listed = try #require(report["agents"] as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["agent-1", "remote-1"])
        #expect(listed.allSatisfy { ($0["host"] as? String ?? "").isEmpty == false })
        #expect((report["wire"] as? [String: Any])?["security"] as? String == "curve")

        // The remote agent left on SHUTDOWN; the other two never heard a coordinator they could trust and stopped.
        #expect(agents["remote-1"]?.waitForExit(timeout: .seconds(30)) == .exited(0))
        for name in ["intruder", "wrong-pin"] {
            #expect(agents[name]?.waitForExit(timeout: .seconds(60)) == .exited(3), "\(name)")
            let log = (try? String(contentsOfFile: bench.directory + "/\(name).log", encoding: .utf8)) ?? ""
            #expect(log.contains("no word from the coordinator at \(endpoint)"), "\(name): \(log)")
        }
    }

    @Test func anAgentRefusesPlaintextBeyondLoopbackAndAPinWithoutItsOwnKey() throws {
        let plain = try Tools.run("agent", ["--coordinator", "tcp://192.0.2.1:5555"])
        #expect(plain.exitCode == 64)
        #expect(plain.output.contains(
            "--coordinator tcp://192.0.2.1:5555 is beyond loopback: pin its key with --coordinator-key and --key-file "
                + "(see `coordinator keys`), or pass --insecure"))
        let half = try Tools.run("agent", ["--coordinator", "tcp://127.0.0.1:5555", "--coordinator-key", "x"])
        #expect(half.exitCode == 64)
        #expect(half.output.contains("--coordinator-key needs this agent's own key: --key-file FILE"))
        // Z85 has "-" in its alphabet: a key that begins with it is still the option's value (one run in ten of
        // this suite drew such a key before the option parsed unconditionally).
        let dash = try Tools.run(
            "agent", ["--coordinator", "tcp://127.0.0.1:5555", "--coordinator-key", "-bcdefghij-lmnopqrstuvwxyz012345678+CD"])
        #expect(dash.exitCode == 64)
        #expect(dash.output.contains("--coordinator-key needs this agent's own key: --key-file FILE"))
        #expect(!dash.output.contains("Missing value"))
    }
}
