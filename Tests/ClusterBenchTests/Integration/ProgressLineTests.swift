import Foundation
import Testing

/// The coordinator's progress lines, read from a real run's console: during a flow's pause the last interval had no
/// response, and the line says so (not "p50 0.00 ms"); the phase's final line counts every request.
@Suite(.serialized) struct ProgressLineTests {
    @Test(.timeLimit(.minutes(2))) func aPauseReadsNoResponsesAndTheFinalLineCountsEverything() throws {
        let server = try TestServer()
        defer { server.stop() }
        let directory = TestSupport.makeTemporaryDirectory("progress-lines")
        defer { TestSupport.removeDirectory(directory) }
        // 30 requests, a 5 s pause (progress lines come every 2 s in a log: at least two fall in it), 30 more.
        let coordinator = try CoordinatorUnderTest(
            staticURL: server.baseURL + "/x",
            load: #""flows": [{"name": "A", "steps": [{"requests": 30}, {"pause": "5s"}, {"requests": 30}]}], "reportInterval": "200ms""#,
            name: "progress-lines", directory: directory)
        #expect(coordinator.process.waitForExit(timeout: .seconds(90)) == .exited(0), "\(coordinator.output())")
        let output = coordinator.output()
        let lines = output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  cluster1 (flows): ") }
        let paused = lines.filter { $0.contains("0 req/s and no responses in the last 200ms") }
        #expect(paused.count >= 2, "\(output)")
        #expect(paused.allSatisfy { $0.hasPrefix("  cluster1 (flows): 30/60 requests, 0 failed, ") }, "\(paused)")
        #expect(!output.contains("p50 0.00 ms"), "\(output)")
        let last = try #require(lines.last)
        #expect(last.hasPrefix("  cluster1 (flows): 60/60 requests, 0 failed, "), "\(last)")
        #expect(last.hasSuffix(" over the phase"), "\(last)")
        // The static provider's health check asks the URL too.
        #expect(try EngineHarness.served(server) >= 60)
    }
}

/// Late sends that waited for a free slot are the servers' doing, and a real run says so: on the console after the
/// phase, in report.json (`lateAtCap`) and in report.txt.
@Suite(.serialized) struct CapNoteTests {
    @Test(.timeLimit(.minutes(2))) func lateSendsThatWaitedForASlotAreSaidToBeTheServers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let directory = TestSupport.makeTemporaryDirectory("cap-note")
        defer { TestSupport.removeDirectory(directory) }
        // 20/s for 1 s against a 150 ms endpoint with one request in flight at a time: each arrival waits for the
        // one before it, so 19 or so leave late, every one of them at the cap.
        let coordinator = try CoordinatorUnderTest(
            staticURL: server.baseURL + "/slow/150",
            load: #""model": "open", "open": {"rate": 20, "duration": "1s", "maxInFlight": 1}"#,
            name: "cap-note", directory: directory)
        #expect(coordinator.process.waitForExit(timeout: .seconds(90)) == .exited(0), "\(coordinator.output())")
        let runDirectory = try coordinator.runDirectory()
        let data = try Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cluster = try #require((report["clusters"] as? [[String: Any]])?.first)
        let late = try #require(cluster["late"] as? Int)
        #expect(late >= 18, "\(cluster)")
        #expect(cluster["lateAtCap"] as? Int == late)
        #expect(coordinator.output().contains(
            "  cluster1: \(late) of its \(late) late sends waited for a free slot (maxInFlight 1 in flight): the servers "
                + "were slow to answer, not the load generator to send"), "\(coordinator.output())")
        let text = try String(contentsOfFile: runDirectory + "/report.txt", encoding: .utf8)
        #expect(text.contains("late, every slot busy"), "\(text)")
    }
}
