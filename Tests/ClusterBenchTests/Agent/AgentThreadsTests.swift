import ChildProcesses
import Foundation
import LoadEngine
import Messaging
import Testing
import Wire

/// `agent --threads`: refused outside 1...256, defaulted to the cores the process may run on, announced in HELLO as
/// the agent's cores, and used to run each shard, whose reports still come as one exact stream.
@Suite(.serialized) struct AgentThreadsTests {
    @Test(.timeLimit(.minutes(1)), arguments: ["0", "257"])
    func aThreadCountOutsideItsRangeIsRefusedNamingTheOption(value: String) throws {
        let result = try Tools.run("agent", ["--coordinator", "tcp://127.0.0.1:5555", "--threads", value])
        // Argument parser's validation failure, like every other option of the agent.
        #expect(result.exitCode == 64)
        #expect(result.output.contains("--threads: expected 1 to 256, found \(value)"), "\(result.output)")
    }

    /// The CPUs this process may run on, as the kernel lists them in /proc/self/status (`0-1`, `0,2-5`).
    static func allowedCPUs() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        let list = line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)
        return list.split(separator: ",").reduce(0) { count, range in
            let bounds = range.split(separator: "-").compactMap { Int($0) }
            return count + (bounds.count == 2 ? bounds[1] - bounds[0] + 1 : 1)
        }
    }

    @Test func theUsableCoresAreTheAffinityMask() throws {
        #expect(ProcessorAffinity.usableCores() == (try Self.allowedCPUs()))
    }

    @Test(.timeLimit(.minutes(1))) func helloAnnouncesTheThreadsTheAgentDrives() throws {
        #expect(try AgentUnderTest([Tools.path("agent"), "--threads", "3"]).hello.cores == 3)
        #expect(try AgentUnderTest([Tools.path("agent")]).hello.cores == (try Self.allowedCPUs()))
        // Pinned to one CPU, the agent drives one thread, whatever the machine has.
        #expect(try AgentUnderTest(["/usr/bin/taskset", "-c", "0", Tools.path("agent")]).hello.cores == 1)
    }

    @Test(.timeLimit(.minutes(1))) func anAgentOnTwoThreadsReportsItsShardExactly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let agent = try AgentUnderTest([Tools.path("agent"), "--threads", "2"])
        try agent.send(.welcome(Welcome(protocolVersion: WireProtocol.version, heartbeatIntervalMilliseconds: 1000, heartbeatLiveness: 10)))
        let shard = ShardAssignment(
            shardID: "two", epoch: 1,
            targets: [ShardTarget(cluster: "c", url: server.baseURL + "/x", load: .closed(ShardClosed(connections: 4, requests: 300)))],
            requestTimeoutMilliseconds: 5000, reportIntervalMilliseconds: 100)
        try agent.send(.shard(shard))
        while true { if case .ready = try agent.next() { break } }
        try agent.send(.start(StartOrder(shardID: "two", epoch: 1, startAtNanoseconds: 0)))

        // Reports by sequence (a resent one counts once), acknowledged, until the final one and all before it.
        var reports: [Int: ReportHeader] = [:]
        var histogramCount: UInt64 = 0
        var contiguous = 0
        while reports[contiguous - 1]?.final != true {
            guard case .report(let header, let histograms) = try agent.next() else { continue }
            if reports[header.sequence] == nil { histogramCount += histograms.reduce(0) { $0 + $1.latency.totalCount } }
            reports[header.sequence] = header
            while reports[contiguous] != nil { contiguous += 1 }
            try agent.send(.ack(Ack(shardID: "two", epoch: 1, nextSequence: contiguous)))
        }
        try agent.send(.shutdown)
        #expect(agent.process.waitForExit(timeout: .seconds(10)) == .exited(0))

        #expect(reports.values.filter(\.final).count == 1)
        #expect(reports.values.first(where: \.final)?.sequence == reports.count - 1)
        #expect(reports.values.reduce(0) { $0 + $1.targets.reduce(0) { $0 + $1.sent } } == 300)
        #expect(reports.values.reduce(0) { $0 + $1.targets.reduce(0) { $0 + $1.responses } } == 300)
        #expect(histogramCount == 300)
        #expect(try EngineHarness.served(server) == 300)
    }
}

/// An agent process started against a ROUTER of the test's, which stands in for the coordinator; the agent is
/// stopped when this is released.
final class AgentUnderTest {
    let context: ZMQContext
    let router: ZMQSocket
    let process: ChildProcess
    /// The agent's routing identity, from its HELLO.
    let identity: [UInt8]
    /// The HELLO it sent.
    let hello: Hello

    /// Starts `command` (the agent, or the agent under `taskset`) with `--coordinator` pointing at a new ROUTER,
    /// and waits up to 10 s for its HELLO.
    init(_ command: [String]) throws {
        context = try ZMQContext()
        router = try ZMQSocket(context: context, type: .router)
        let endpoint = try router.bind("tcp://127.0.0.1:0")
        try router.setReceiveTimeout(10_000)
        let child = try ChildProcess.spawn(
            command[0], arguments: Array(command.dropFirst()) + ["--coordinator", endpoint], outputFile: "/dev/null")
        process = child
        do {
            let frames = try #require(try router.receive(), "no HELLO from \(command) within 10 s")
            identity = frames[0]
            let message = try WireMessage(frames: Array(frames.dropFirst()))
            hello = try #require({ () -> Hello? in if case .hello(let hello) = message { hello } else { nil } }(), "\(message)")
        } catch {
            child.terminate(grace: .seconds(1))
            router.close()
            throw error
        }
    }

    deinit {
        process.terminate(grace: .seconds(1))
        router.close()
    }

    /// Sends `message` to the agent.
    func send(_ message: WireMessage) throws { try router.send([identity] + message.frames()) }

    /// The agent's next message (10 s at most).
    func next() throws -> WireMessage {
        let frames = try #require(try router.receive(), "the agent went silent")
        return try WireMessage(frames: Array(frames.dropFirst()))
    }
}
