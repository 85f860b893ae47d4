import ChildProcesses
import Foundation
import Messaging
import Testing
import Wire

/// The agent protocol under provoked faults, end to end with the real binaries against two test servers: lost
/// messages, agents that fail or crash while preparing, garbage on the coordinator's port, a phase that never ends.
@Suite struct ProtocolFaultTests {
    /// Two test servers, a static config (flows of 30 and 12 requests per cluster) and a results folder.
    final class Bench {
        let first: TestServer
        let second: TestServer
        let directory: String
        let config: String

        init(_ label: String, agents: String = #""spawn": 2"#) throws {
            first = try TestServer()
            second = try TestServer()
            directory = TestSupport.makeTemporaryDirectory(label)
            config = directory + "/static.json"
            try """
            {
              "name": "\(label)",
              "provider": {"name": "static", "healthTimeout": "10s",
                           "urls": {"cluster1": "\(first.baseURL)/cluster1", "cluster2": "\(second.baseURL)/cluster2"}},
              "clusters": [
                {"name": "cluster1", "path": "/cluster1", "instanceType": "t2.micro", "count": 1},
                {"name": "cluster2", "path": "/cluster2", "instanceType": "t2.micro", "count": 1}
              ],
              "load": {"flows": [{"name": "A", "steps": [{"requests": 30}]}, {"name": "B", "steps": [{"requests": 12}]}],
                       "reportInterval": "100ms"},
              "agents": {\(agents)}
            }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        }

        deinit {
            first.stop()
            second.stop()
            TestSupport.removeDirectory(directory)
        }

        /// Runs the coordinator with extra environment; `during` runs once its output shows `marker`.
        func run(
            environment: [String: String], marker: String? = nil, during: (() throws -> Void)? = nil
        ) throws -> Tools.Result {
            let log = directory + "/coordinator.log"
            let child = try ChildProcess.spawn(
                Tools.path("coordinator"), arguments: ["run", config, "--results-dir", directory + "/results"],
                environment: environment, workingDirectory: TestSupport.projectRoot, outputFile: log)
            defer { child.terminate(grace: .seconds(5)) }
            if let marker, let during {
                let deadline = MonotonicClock.now() + 60_000_000_000
                while MonotonicClock.now() < deadline, child.isRunning,
                    !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains(marker)
                {
                    _ = child.waitForExit(timeout: .milliseconds(20))
                }
                try during()
            }
            let termination = child.waitForExit(timeout: .seconds(90))
            return Tools.Result(termination: termination, output: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        }

        func report() throws -> [String: Any] {
            let runDirectory = try RunFixtures.runDirectory(in: directory + "/results")
            let data = try Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        /// `[sent, completed, failed]` of each cluster.
        func totals() throws -> [[Int]] {
            let clusters = try #require(try report()["clusters"] as? [[String: Any]])
            return clusters.map { [$0["sent"] as? Int ?? -1, $0["completed"] as? Int ?? -1, $0["failed"] as? Int ?? -1] }
        }
    }

    @Test(.timeLimit(.minutes(2))) func droppedShardReadyStartStartedReportAndAckMessagesNeitherHangNorMiscount() throws {
        let bench = try Bench("drops")
        let drops = "SHARD:1,READY:1,START:1,STARTED:1,REPORT:2,REPORT:3,ACK:1,ACK:4"
        let result = try bench.run(environment: [OutgoingDrops.variable: drops])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(try bench.totals() == [[42, 42, 0], [42, 42, 0]])
    }

    @Test(.timeLimit(.minutes(2))) func anAgentThatCannotPrepareSaysWhyAndTheOtherRunsItsShare() throws {
        let bench = try Bench("setup-fail")
        let result = try bench.run(environment: ["CLUSTERBENCH_TEST_SETUP": "fail@agent-2"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.output.contains("agent agent-2 could not prepare shard p1-a2: set-up failed (test hook)"))
        #expect(result.output.contains("re-planned phase 1 over 1 agents (epoch 2)"))
        #expect(try bench.totals() == [[42, 42, 0], [42, 42, 0]])
        let agents = try #require(try bench.report()["agents"] as? [[String: Any]])
        #expect(agents.map { $0["name"] as? String } == ["agent-1", "agent-2"])
        #expect(agents.map { $0["lost"] as? String } == [nil, "could not prepare shard p1-a2: set-up failed (test hook)"])
    }

    @Test(.timeLimit(.minutes(2))) func anAgentThatCrashesBeforeReadyIsReplannedWithoutAHole() throws {
        let bench = try Bench("setup-exit")
        let result = try bench.run(environment: ["CLUSTERBENCH_TEST_SETUP": "exit@agent-1"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.output.contains("re-planned phase 1 over 1 agents (epoch 2)"))
        #expect(!result.output.contains("did not prepare"))
        #expect(try bench.totals() == [[42, 42, 0], [42, 42, 0]])
        let agents = try #require(try bench.report()["agents"] as? [[String: Any]])
        #expect(agents.map { $0["lost"] as? String } == ["its process exited", nil])
    }

    @Test(.timeLimit(.minutes(2))) func aSlowSetUpDoesNotLookLikeALostAgent() throws {
        // Set-up takes 4 s while the coordinator declares an agent lost after 5 x 200 ms of silence.
        let bench = try Bench("setup-slow", agents: #""spawn": 2, "heartbeatInterval": "200ms", "heartbeatLiveness": 5"#)
        let result = try bench.run(environment: ["CLUSTERBENCH_TEST_SETUP": "delay:4000@agent-2"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(!result.output.contains("re-planned"))
        #expect(try bench.totals() == [[42, 42, 0], [42, 42, 0]])
    }

    @Test(.timeLimit(.minutes(2))) func aPhaseWhoseReportsNeverArriveEndsAtItsDeadline() throws {
        let bench = try Bench("deadline", agents: #""spawn": 2, "phaseTimeout": "1s""#)
        let result = try bench.run(environment: [OutgoingDrops.variable: "REPORT:*"])
        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.output.contains(
            "phase 1 passed its deadline of 1.0 s without the final reports of agent-1, agent-2; stopping it"))
        #expect(try bench.report()["outcome"] as? String == "failed")
    }

    @Test(.timeLimit(.minutes(2))) func garbageOnTheCoordinatorsPortIsCountedAndTheRunStaysExact() throws {
        let bench = try Bench("garbage", agents: #""spawn": 2, "bind": "tcp://127.0.0.1:\#(try Self.freePort())""#)
        let endpoint = try #require(
            try String(contentsOfFile: bench.config, encoding: .utf8).firstMatch(of: /tcp:\/\/127\.0\.0\.1:\d+/))
        let result = try bench.run(environment: [:], marker: "phase 1/") {
            let context = try ZMQContext()
            let dealer = try ZMQSocket(context: context, type: .dealer)
            defer { dealer.close() }
            try dealer.setLinger(2000)
            try dealer.connect(String(endpoint.0))
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<1000 {
                let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
                try dealer.send([bytes, bytes])
            }
            for _ in 0..<10 { try dealer.send([Array("REPORT".utf8), Array(#"{"shardID":"p1-a1""#.utf8)]) }
            let absurd = #"{"protocolVersion":3,"agentVersion":"x","name":"a","host":"h","cores":-1,"pid":1}"#
            for _ in 0..<10 { try dealer.send([Array("HELLO".utf8), Array(absurd.utf8)]) }
            for _ in 0..<7 { try dealer.send(WireMessage.heartbeat.frames()) }
            let hello = Hello(protocolVersion: WireProtocol.version, agentVersion: "x", name: "s", host: "h", cores: 1, pid: 1)
            for _ in 0..<5 { try dealer.send(WireMessage.hello(hello).frames()) }
            // The stranger's HELLO is refused: the REJECT is the proof that the hub has read everything before it.
            try dealer.setReceiveTimeout(30_000)
            var rejects = 0
            while rejects < 5, let frames = try dealer.receive() {
                if case .reject = try WireMessage(frames: frames) { rejects += 1 }
            }
        }
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(try bench.totals() == [[42, 42, 0], [42, 42, 0]])
        let wire = try #require(try bench.report()["wire"] as? [String: Any])
        let dropped = try #require(wire["dropped"] as? [String: Int])
        #expect(dropped["malformed"] == 1010)
        #expect(dropped["outOfRange"] == 10)
        #expect(dropped["stranger"] == 12)
        let droppedLines = result.output.split(separator: "\n").filter { $0.contains("dropped") }
        #expect(droppedLines.count <= 12, "\(droppedLines.joined(separator: "\n"))")
    }

    static func freePort() throws -> Int {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .router)
        defer { socket.close() }
        let endpoint = try socket.bind("tcp://127.0.0.1:0")
        return Int(endpoint.split(separator: ":").last!)!
    }
}
