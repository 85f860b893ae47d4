import BlockingHTTP
import ChildProcesses
import Foundation
import LoadEngine
import Messaging
import Testing
import Wire

/// An agent that loses its coordinator stops loading the target by itself.
@Suite(.serialized) struct DeadManSwitchTests {
    @Test(.timeLimit(.minutes(1))) func agentStopsLoadAndExits3WhenTheCoordinatorGoesSilent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        let endpoint = try router.bind("tcp://127.0.0.1:0")
        try router.setReceiveTimeout(5000)

        let log = FileManager.default.temporaryDirectory.appendingPathComponent("cb-agent-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let agent = try ChildProcess.spawn(
            Tools.path("agent"), arguments: ["--coordinator", endpoint, "--name", "dm"], outputFile: log)
        defer { agent.terminate(grace: .seconds(1)) }

        // HELLO -> WELCOME with a 100 ms heartbeat and a liveness of 3.
        let hello = try #require(try router.receive())
        let identity = hello[0]
        guard case .hello(let greeting) = try WireMessage(frames: Array(hello.dropFirst())) else {
            Issue.record("expected HELLO")
            return
        }
        #expect(greeting.protocolVersion == WireProtocol.version)
        #expect(greeting.name == "dm")
        func send(_ message: WireMessage) throws { try router.send([identity] + message.frames()) }
        try send(.welcome(Welcome(protocolVersion: WireProtocol.version, heartbeatIntervalMilliseconds: 100, heartbeatLiveness: 3)))

        // A shard far longer than the test: 50 000 requests, one at a time.
        let shard = ShardAssignment(
            shardID: "dm", epoch: 1,
            targets: [
                ShardTarget(
                    cluster: "c", url: server.baseURL + "/x",
                    load: .flows([ShardFlow(name: "c/A", steps: [WireStep(.requests(50_000))])]))
            ],
            requestTimeoutMilliseconds: 2000, reportIntervalMilliseconds: 100)
        try send(.shard(shard))
        var ready = false
        while !ready, let frames = try router.receive() {
            if case .ready(let ref) = try WireMessage(frames: Array(frames.dropFirst())) { ready = ref.shardID == "dm" }
        }
        try #require(ready)
        try send(.start(ShardRef(shardID: "dm", epoch: 1)))

        // Let it load for a moment, then go silent for good by closing the socket.
        var reports = 0
        let until = MonotonicClock.now() + 300_000_000
        while MonotonicClock.now() < until, let frames = try router.receive() {
            if case .report = try WireMessage(frames: Array(frames.dropFirst())) { reports += 1 }
        }
        router.close()
        let silentSince = MonotonicClock.now()
        #expect(reports > 0)

        // Liveness 3 x 100 ms: the agent must notice within a few hundred milliseconds; the bound leaves room for
        // scheduling on a loaded 2-core machine and is not a performance assertion.
        let termination = agent.waitForExit(timeout: .seconds(10))
        let stoppedAfter = Double(MonotonicClock.now() - silentSince) / 1e9
        #expect(termination == .exited(3))
        #expect(stoppedAfter < 5, "agent took \(stoppedAfter) s to stop")
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(output.contains("no word from the coordinator at \(endpoint)"))
        #expect(output.contains("stopped all load"))

        // The target's own count: load happened, and it does not grow once the agent has stopped.
        let first = try Self.count(server)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(first > 0)
        #expect(first < 50_000)
        #expect(try Self.count(server) == first)
    }

    static func count(_ server: TestServer) throws -> Int {
        Int(String(decoding: try HTTPClient.get(server.baseURL + "/__count").body, as: UTF8.self)) ?? -1
    }
}
