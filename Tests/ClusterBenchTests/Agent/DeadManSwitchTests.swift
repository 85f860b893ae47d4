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
        let hello = try #require(try router.receive(), "no HELLO from the agent within 5 s")
        let identity = hello[0]
        let first = try WireMessage(frames: Array(hello.dropFirst()))
        let greeting = try #require(
            { () -> Hello? in if case .hello(let greeting) = first { greeting } else { nil } }(), "expected HELLO, got \(first)")
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
        try send(.start(StartOrder(shardID: "dm", epoch: 1, startAtNanoseconds: 0)))

        // Wait until the agent reports load (a REPORT with requests sent), then go silent for good by closing the
        // socket.
        var loading = false
        while !loading {
            let frames = try #require(try router.receive(), "no REPORT with requests sent within 5 s")
            if case .report(let header, _) = try WireMessage(frames: Array(frames.dropFirst())) {
                loading = header.targets.contains { $0.sent > 0 }
            }
        }
        router.close()

        // Liveness 3 x 100 ms: the agent notices the silence, stops the load and exits 3 (the minute is a deadline
        // for a hang, not a measure of speed).
        let termination = agent.waitForExit(timeout: .seconds(60))
        #expect(termination == .exited(3))
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(output.contains("no word from the coordinator at \(endpoint)"))
        #expect(output.contains("stopped all load"))

        // The target's own count: load happened, and stopped short of the shard. Once the server has seen the agent's
        // connection close, nothing can reach it any more and the count is final.
        try waitUntil("the test server to see the agent's connection closed") {
            try EngineHarness.openConnections(server) == 0
        }
        let served = try Self.count(server)
        #expect(served > 0)
        #expect(served < 50_000)
    }

    static func count(_ server: TestServer) throws -> Int {
        Int(String(decoding: try HTTPClient.get(server.baseURL + "/__count").body, as: UTF8.self)) ?? -1
    }
}
