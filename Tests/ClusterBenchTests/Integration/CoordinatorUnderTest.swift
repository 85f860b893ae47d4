import ChildProcesses
import Foundation
import Testing

/// `coordinator run CONFIG` started by a test, its console in a log file, its results under `directory/results`;
/// terminated when released.
final class CoordinatorUnderTest {
    let process: ChildProcess
    let results: String
    private let log: String

    /// Starts the run of `config`, keeping the console in `directory/coordinator.log`.
    init(config: String, directory: String) throws {
        log = directory + "/coordinator.log"
        results = directory + "/results"
        process = try ChildProcess.spawn(
            Tools.path("coordinator"), arguments: ["run", config, "--results-dir", results],
            workingDirectory: TestSupport.projectRoot, outputFile: log)
    }

    deinit { process.terminate(grace: .seconds(5)) }

    /// The console so far.
    func output() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Waits until the console contains `text` or the coordinator has exited.
    func waitFor(_ text: String) {
        while process.isRunning, !output().contains(text) { _ = process.waitForExit(timeout: .milliseconds(20)) }
    }

    /// The run's folder (there must be exactly one).
    func runDirectory() throws -> String { try RunFixtures.runDirectory(in: results) }

    /// The process id of the spawned agent whose command line names `agent` (from the run's process journal).
    func agentPID(_ agent: String) throws -> Int32 {
        let entries = try ProcessJournal(path: try runDirectory() + "/processes.jsonl").entries()
        return try #require(entries.first { $0.command.contains(agent) }, "no \(agent) in the process journal").pid
    }
}

extension CoordinatorUnderTest {
    /// Starts `coordinator run` on a one-cluster config of the static provider: `cluster1` at `url`, the load
    /// section's members `load` (JSON), one spawned agent; the config (`name`.json) and the console in `directory`.
    convenience init(staticURL url: String, load: String, name: String, directory: String) throws {
        let config = directory + "/\(name).json"
        try """
        {
          "name": "\(name)",
          "provider": {"name": "static", "healthTimeout": "10s", "urls": {"cluster1": "\(url)"}},
          "clusters": [{"name": "cluster1", "path": "/cluster1", "instanceType": "t2.micro", "count": 1}],
          "load": {\(load)},
          "agents": {"spawn": 1}
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        try self.init(config: config, directory: directory)
    }
}
