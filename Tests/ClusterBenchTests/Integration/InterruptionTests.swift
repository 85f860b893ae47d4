import ChildProcesses
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C and crashes: whatever happens to the coordinator, nothing it started is left running.
@Suite(.serialized) struct InterruptionTests {
    /// small.json with a long pause, so the run is surely mid-load when the test strikes.
    static func writeLongConfig(in folder: String) throws -> String {
        let text = try String(contentsOfFile: TestSupport.projectRoot + "/config/small.json", encoding: .utf8)
            .replacingOccurrences(of: #"{"pause": "500ms"}"#, with: #"{"pause": "60s"}"#)
        try #require(text.contains("60s"))
        let path = folder + "/long.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Starts `coordinator run` on the long config and waits until its first phase is mid-load: flow A's 40 requests
    /// and flow B's first 20 are done (the progress line, printed every 2 s, says 60/90), so flow B is in its pause.
    static func startRun(results: String) throws -> (ChildProcess, log: String) {
        try FileManager.default.createDirectory(atPath: results, withIntermediateDirectories: true)
        let config = try writeLongConfig(in: results)
        let log = results + "/coordinator.log"
        let child = try ChildProcess.spawn(
            Tools.path("coordinator"), arguments: ["run", config, "--results-dir", results + "/runs"],
            workingDirectory: TestSupport.projectRoot, outputFile: log)
        do {
            // Provisioning comes first (instances must pass their health checks within 30 s): allow for it.
            let what = "the coordinator to print \"cluster1 (flows): 60/90 requests\" (flow B in its pause)"
            try waitUntil(what, timeout: .seconds(90)) {
                ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("cluster1 (flows): 60/90 requests")
            }
        } catch {
            child.terminate(grace: .seconds(10))
            Issue.record("coordinator output:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            throw error
        }
        return (child, log)
    }

    static func runDirectory(_ results: String) throws -> String {
        let runs = try FileManager.default.contentsOfDirectory(atPath: results + "/runs")
        try #require(runs.count == 1)
        return results + "/runs/" + runs[0]
    }

    @Test(.timeLimit(.minutes(2))) func ctrlCStopsTheLoadTearsDownAndExits130() throws {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("cb-int-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        let (coordinator, log) = try Self.startRun(results: results)
        defer { coordinator.terminate(grace: .seconds(1)) }
        kill(coordinator.pid, SIGINT)
        let termination = coordinator.waitForExit(timeout: .seconds(30))
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(termination == .exited(130), "output:\n\(output)")
        #expect(output.contains("interrupted: stopping the load and tearing everything down"))
        #expect(output.contains("error: interrupted; everything the run started was torn down"))

        let run = try Self.runDirectory(results)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/report.json")))
        #expect((report as? [String: Any])?["outcome"] as? String == "cancelled")
        let entries = try ProcessJournal(path: run + "/processes.jsonl").entries()
        #expect(entries.count == 7)
        for entry in entries { #expect(!TestSupport.groupHasLiveMember(entry.pgid), "left running: \(entry.command)") }
    }

    @Test(.timeLimit(.minutes(2))) func teardownStopsWhatAKilledCoordinatorLeft() throws {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("cb-int-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        let (coordinator, _) = try Self.startRun(results: results)
        coordinator.signalGroup(SIGKILL)
        _ = coordinator.waitForExit(timeout: .seconds(10))

        let run = try Self.runDirectory(results)
        let entries = try ProcessJournal(path: run + "/processes.jsonl").entries()
        #expect(entries.count == 7)
        // gunicorn and HAProxy survive a killed coordinator (they are in their own process groups)...
        #expect(entries.contains { TestSupport.groupHasLiveMember($0.pgid) })
        let result = try Tools.run("coordinator", ["teardown", run])
        #expect(result.exitCode == 0, "output:\n\(result.output)")
        #expect(result.output.contains("processes were still running and are stopped now"))
        // ...and `coordinator teardown` stops every one of them.
        for entry in entries { #expect(!TestSupport.groupHasLiveMember(entry.pgid), "left running: \(entry.command)") }
        let again = try Tools.run("coordinator", ["teardown", run])
        #expect(again.output.hasSuffix("\(run): 0 processes were still running and are stopped now\n"))
    }
}
