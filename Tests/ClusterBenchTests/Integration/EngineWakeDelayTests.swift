import ChildProcesses
import Foundation
import Testing
import Wire

/// An agent whose process is stopped (SIGSTOP) for 300 ms while its engine waits for the next arrival: the engine
/// wakes that much after the instant it asked for, reports it, and the coordinator names the agent, keeps the
/// figures in report.json and prints them with the agent's line. Three stops per run: a stop that lands while the
/// engine is busy (rather than waiting) is not a late wake-up; at 200 arrivals/s the engine waits most of the time,
/// even in a debug build.
@Suite(.serialized) struct EngineWakeDelayTests {
    /// Stops `pid` for `milliseconds`, then lets it go on. The stop is sent when every engine thread of the process
    /// (`cb-engine-N`) is asleep, waiting (state `S` in /proc; checked for up to a second), so that it lands in a wait
    /// even when the machine is busy and the threads often wait for a CPU instead. Returns whether they were.
    @discardableResult static func pause(_ pid: Int32, milliseconds: Int) -> Bool {
        var asleep = false
        for _ in 0..<1000 {
            asleep = engineThreadsAsleep(pid)
            if asleep { break }
            usleep(1000)
        }
        kill(pid, SIGSTOP)
        usleep(UInt32(milliseconds * 1000))
        kill(pid, SIGCONT)
        return asleep
    }

    /// Whether the process has engine threads and every one of them is in interruptible sleep.
    static func engineThreadsAsleep(_ pid: Int32) -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var engines = 0
        for task in tasks {
            let base = "/proc/\(pid)/task/\(task)/"
            guard let name = try? String(contentsOfFile: base + "comm", encoding: .utf8), name.hasPrefix("cb-engine-"),
                let stat = try? String(contentsOfFile: base + "stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            engines += 1
            // The state follows the name in parentheses: "TID (name) S ...".
            guard stat[stat.index(close, offsetBy: 2)...].hasPrefix("S") else { return false }
        }
        return engines > 0
    }

    @Test(.timeLimit(.minutes(1)), arguments: [EngineChoice.fast, .curl])
    func anAgentStoppedMidShardReportsItsEngineWokeLate(engine: EngineChoice) throws {
        let server = try TestServer()
        defer { server.stop() }
        let agent = try AgentUnderTest([Tools.path("agent"), "--threads", "1"])
        try agent.send(.welcome(Welcome(protocolVersion: WireProtocol.version, heartbeatIntervalMilliseconds: 1000, heartbeatLiveness: 10)))
        let shard = ShardAssignment(
            shardID: "stopped", epoch: 1,
            targets: [ShardTarget(cluster: "c", url: server.baseURL + "/x", load: EngineHarness.open(rate: 200, milliseconds: 4000))],
            requestTimeoutMilliseconds: 5000, reportIntervalMilliseconds: 100, engine: engine)
        try agent.send(.shard(shard))
        while true { if case .ready = try agent.next() { break } }
        try agent.send(.start(StartOrder(shardID: "stopped", epoch: 1, startAtNanoseconds: 0)))

        var reports: [Int: ReportHeader] = [:]
        var contiguous = 0
        var stops = 0
        while reports[contiguous - 1]?.final != true {
            guard case .report(let header, _) = try agent.next() else { continue }
            reports[header.sequence] = header
            while reports[contiguous] != nil { contiguous += 1 }
            try agent.send(.ack(Ack(shardID: "stopped", epoch: 1, nextSequence: contiguous)))
            // Stopped three times, after the 5th, 12th and 19th report (0.5 s, about 1.5 s and 2.5 s in).
            if stops < 3 && contiguous >= 5 + 7 * stops {
                #expect(Self.pause(agent.process.pid, milliseconds: 300), "the engine thread never slept")
                stops += 1
            }
        }
        try agent.send(.shutdown)
        #expect(agent.process.waitForExit(timeout: .seconds(10)) == .exited(0))

        var delays = EngineHealth()
        for header in reports.values { if let part = header.engineHealth { delays.add(part) } }
        #expect(stops == 3)
        #expect(delays.lateWakeUps >= 1, "\(delays)")
        // The stop lasted 300 ms; the engine had asked to wake at most 5 ms (one arrival) after it began.
        #expect(delays.longestLateWakeUpNanoseconds >= 250_000_000, "\(delays)")
        #expect(delays.longestLateWakeUpNanoseconds < 2_000_000_000, "\(delays)")
        #expect(delays.lateWakeUpNanoseconds >= delays.longestLateWakeUpNanoseconds)
        #expect(delays.runQueueWaitNanoseconds != nil)
        // Every arrival was still sent, and those due during a stop left late (60 due per stop).
        #expect(reports.values.reduce(0) { $0 + $1.targets.reduce(0) { $0 + $1.sent } } == 800)
        #expect(reports.values.reduce(0) { $0 + $1.targets.reduce(0) { $0 + $1.late } } >= 150)
        // The engine was late, not the servers: no send waited for a free slot.
        #expect(reports.values.reduce(0) { $0 + $1.targets.reduce(0) { $0 + ($1.lateAtCap ?? 0) } } == 0)
    }

    @Test(.timeLimit(.minutes(2))) func theCoordinatorNamesTheAgentAndKeepsItsDelaysInTheReport() throws {
        let server = try TestServer()
        defer { server.stop() }
        let directory = TestSupport.makeTemporaryDirectory("wake-delays")
        defer { TestSupport.removeDirectory(directory) }
        let coordinator = try CoordinatorUnderTest(
            staticURL: server.baseURL + "/x",
            load: #""model": "open", "open": {"rate": 200, "duration": "6s"}, "reportInterval": "100ms""#,
            name: "wake-delays", directory: directory)
        let output = coordinator.output

        // The phase's first progress line says the load is under way: stop the agent three times, 0.8 s apart.
        coordinator.waitFor("cluster1 (open): ")
        let runDirectory = try coordinator.runDirectory()
        let agent = try coordinator.agentPID("agent-1")
        for stop in 0..<3 {
            if stop > 0 { usleep(500_000) }
            #expect(Self.pause(agent, milliseconds: 300), "the engine threads never slept")
        }

        #expect(coordinator.process.waitForExit(timeout: .seconds(60)) == .exited(0), "\(output())")
        #expect(output().contains("  agent agent-1: its engine woke more than 1 ms late "), "\(output())")
        #expect(output().contains("its host, not the servers, delayed those sends (see late)"))

        let data = try Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let agents = try #require(report["agents"] as? [[String: Any]])
        let delays = try #require(agents.first?["engineHealth"] as? [String: Any], "\(agents)")
        let count = try #require(delays["lateWakeUps"] as? Int)
        let longest = try #require(delays["longestLateWakeUpMilliseconds"] as? Double)
        let total = try #require(delays["lateWakeUpMilliseconds"] as? Double)
        #expect(count >= 1)
        #expect(longest >= 250 && longest < 2000, "\(delays)\n\(output())")
        #expect(total >= longest)
        let clusters = try #require(report["clusters"] as? [[String: Any]])
        #expect(clusters.first?["sent"] as? Int == 1200)
        #expect((clusters.first?["late"] as? Int ?? 0) >= 150)
        #expect(clusters.first?["lateAtCap"] as? Int == 0)
        #expect(!output().contains("waited for a free slot"))

        let text = try String(contentsOfFile: runDirectory + "/report.txt", encoding: .utf8)
        #expect(text.contains(String(format: "  its engine woke more than 1 ms late %d time", count)), "\(text)")
    }
}
