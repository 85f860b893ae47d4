import ChildProcesses
import Foundation
import Messaging
import Testing
import Wire

/// The real binaries on five hosts made of network namespaces: a coordinator, three agents and a target. A control
/// network joins the coordinator and the agents, a load network the agents, the target and the coordinator (for its
/// health probe), so that an agent's control link can be cut while it can still reach the target. The agents are the
/// packaged agent (scripts/package-agent.sh, unpacked away from the build: `PackagedAgent`), as a load host runs it.
@Suite(.enabled(if: NetworkLab.unavailable == nil, "skipped: \(NetworkLab.unavailable ?? "")"))
struct NetworkNamespaceTests {
    /// One lab: the namespaces, the target, a key folder for the agents a1, a2, a3, and a results folder.
    final class Hosts {
        let lab: NetworkLab
        let directory: String
        let target: ChildProcess
        var agents: [String: ChildProcess] = [:]
        let agentNames = ["a1", "a2", "a3"]

        init(_ label: String) throws {
            lab = try NetworkLab(networks: [
                (name: "ctl", hosts: ["coord", "a1", "a2", "a3"]),
                (name: "load", hosts: ["coord", "a1", "a2", "a3", "target"]),
            ])
            directory = TestSupport.makeTemporaryDirectory(label)
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../Support/netns_target.py").standardized.path
            let log = directory + "/target.log"
            target = try lab.spawn(
                "target", "/usr/bin/python3", ["-u", script, lab.address(of: "target", on: "load"), "8080"],
                outputFile: log)
            while target.isRunning, !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("ready") {
                _ = target.waitForExit(timeout: .milliseconds(20))
            }
            let keys = try Tools.run("coordinator", ["keys", directory + "/keys", "--name"] + agentNames)
            guard keys.exitCode == 0 else { throw NetworkLab.LabError(description: keys.output) }
        }

        deinit {
            for agent in agents.values { agent.terminate(grace: .seconds(1)) }
            target.terminate(grace: .seconds(1))
            lab.remove()
            TestSupport.removeDirectory(directory)
        }

        var endpoint: String { "tcp://\(lab.address(of: "coord", on: "ctl")):5555" }

        /// Writes the config: a static provider at the target (each request taking `milliseconds`), flows A, B, C
        /// of `requests` each per cluster, three remote agents with CURVE.
        func config(requests: [Int], milliseconds: Int, agents extra: String = "") throws -> String {
            let url = "http://\(lab.address(of: "target", on: "load")):8080"
            let flows = zip(["A", "B", "C"], requests).map { #"{"name": "\#($0)", "steps": [{"requests": \#($1)}]}"# }
            let path = directory + "/config.json"
            try """
            {
              "name": "netns",
              "provider": {"name": "static", "healthTimeout": "20s",
                           "urls": {"cluster1": "\(url)/cluster1?ms=\(milliseconds)",
                                    "cluster2": "\(url)/cluster2?ms=\(milliseconds)"}},
              "clusters": [
                {"name": "cluster1", "path": "/cluster1", "instanceType": "t2.micro", "count": 1},
                {"name": "cluster2", "path": "/cluster2", "instanceType": "t2.micro", "count": 1}
              ],
              "load": {"flows": [\(flows.joined(separator: ", "))], "reportInterval": "1s"},
              "agents": {"spawn": 0, "remote": 3, "remoteTimeout": "60s", "keys": "\(directory)/keys",
                         "bind": "\(endpoint)"\(extra)}
            }
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// Starts the coordinator in its namespace, then the three agents in theirs once it waits for them.
        func start(_ config: String) throws -> ChildProcess {
            let log = directory + "/coordinator.log"
            let coordinator = try lab.spawn(
                "coord", Tools.path("coordinator"), ["run", config, "--results-dir", directory + "/results"],
                workingDirectory: TestSupport.projectRoot, outputFile: log)
            while coordinator.isRunning, !output.contains("remote agents on \(endpoint) (curve)") {
                _ = coordinator.waitForExit(timeout: .milliseconds(20))
            }
            let key = try CurveKeyFolder(path: directory + "/keys").coordinator().publicKey
            let agent = try PackagedAgent.path()
            for name in agentNames {
                agents[name] = try lab.spawn(
                    name, agent,
                    [
                        "--coordinator", endpoint, "--name", name, "--coordinator-key", key,
                        "--key-file", directory + "/keys/agents/\(name).secret",
                    ],
                    outputFile: directory + "/\(name).log")
            }
            return coordinator
        }

        var output: String { (try? String(contentsOfFile: directory + "/coordinator.log", encoding: .utf8)) ?? "" }

        /// The target's own count per client address: requests, and the wall-clock time of the last.
        func sources() throws -> [String: (count: Int, last: Double)] {
            let url = "http://\(lab.address(of: "target", on: "load")):8080/__sources"
            let text = NetworkLab.output([
                NetworkLab.ip, "netns", "exec", lab.namespace("target"), "/usr/bin/python3", "-c",
                "import urllib.request; print(urllib.request.urlopen('\(url)').read().decode())",
            ])
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String: Double]] ?? [:]
            return object.mapValues { (Int($0["count"] ?? 0), $0["last"] ?? 0) }
        }

        func report() throws -> [String: Any] {
            let runDirectory = try RunFixtures.runDirectory(in: directory + "/results")
            let data = try Data(contentsOf: URL(fileURLWithPath: runDirectory + "/report.json"))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }

    @Test(.timeLimit(.minutes(3))) func aCurveRunAcrossThreeAgentHostsCountsExactlyPerAgent() throws {
        let hosts = try Hosts("netns-curve")
        let coordinator = try hosts.start(try hosts.config(requests: [30, 20, 10], milliseconds: 0))
        defer { coordinator.terminate(grace: .seconds(5)) }
        #expect(coordinator.waitForExit(timeout: .seconds(120)) == .exited(0), "\(hosts.output)")

        // Flow A goes to a1, B to a2, C to a3 in both phases (plans follow agent names): the target counts them
        // by source address, exactly.
        let sources = try hosts.sources()
        for (name, expected) in zip(hosts.agentNames, [60, 40, 20]) {
            #expect(sources[hosts.lab.address(of: name, on: "load")]?.count == expected, "\(name): \(sources)")
        }
        let report = try hosts.report()
        let clusters = report["clusters"] as? [[String: Any]] ?? []
        #expect(clusters.map { $0["completed"] as? Int } == [60, 60])
        #expect(clusters.map { $0["failed"] as? Int } == [0, 0])
        let agents = report["agents"] as? [[String: Any]] ?? []
        #expect(agents.map { $0["name"] as? String } == ["a1", "a2", "a3"])
        #expect(agents.allSatisfy { ($0["host"] as? String ?? "").isEmpty == false && $0["lost"] == nil })
        #expect((report["wire"] as? [String: Any])?["security"] as? String == "curve")
        for name in hosts.agentNames {
            #expect(hosts.agents[name]?.waitForExit(timeout: .seconds(30)) == .exited(0), "\(name)")
        }
        hosts.lab.remove()
        #expect(hosts.lab.leftovers.isEmpty)
    }

    @Test(.timeLimit(.minutes(3))) func aCutAgentStopsLoadingWithinItsDeadManTimeoutAndTheRunCompletes() throws {
        let hosts = try Hosts("netns-cut")
        let config = try hosts.config(
            requests: [150, 150, 150], milliseconds: 20,
            agents: #", "heartbeatInterval": "500ms", "heartbeatLiveness": 4"#)
        let coordinator = try hosts.start(config)
        defer { coordinator.terminate(grace: .seconds(5)) }
        let a2 = hosts.lab.address(of: "a2", on: "load")
        while coordinator.isRunning, (try hosts.sources()[a2]?.count ?? 0) < 10 {
            _ = coordinator.waitForExit(timeout: .milliseconds(50))
        }
        let cutAt = Date().timeIntervalSince1970
        try hosts.lab.cut("a2", from: "ctl")

        #expect(coordinator.waitForExit(timeout: .seconds(120)) == .exited(0), "\(hosts.output)")
        #expect(hosts.output.contains("agent a2 lost during phase 1 (silent for "))
        #expect(hosts.agents["a2"]?.waitForExit(timeout: .seconds(30)) == .exited(3))
        let log = (try? String(contentsOfFile: hosts.directory + "/a2.log", encoding: .utf8)) ?? ""
        #expect(log.contains("no word from the coordinator at \(hosts.endpoint)"))
        // Its dead-man timeout is 500 ms x 4 = 2 s of silence it could hear, twice that in wall-clock time at most;
        // a2 says how long the silence was when its switch tripped (longer only when its own thread could not run:
        // it says how long it waited for a CPU). Its last request reached the target (the target's own log) before
        // that moment plus one request (20 ms) and the engine's stop.
        let silence = try #require(
            log.firstMatch(of: /no word from the coordinator at \S+ for (\d+\.\d+) s/).flatMap { Double($0.1) },
            "a2's log: \(log)")
        let waited = log.firstMatch(of: /\((\d+\.\d+) s of it this process waited/).flatMap { Double($0.1) } ?? 0
        #expect(silence <= 2 * 2.0 + 0.3 || silence - waited <= 2.0 + 0.3, "a2: \(log)")
        let last = try #require(try hosts.sources()[a2]?.last)
        #expect(last - cutAt < silence + 0.5, "a2's last request came \(last - cutAt) s after the cut; a2: \(log)")

        let report = try hosts.report()
        let agents = report["agents"] as? [[String: Any]] ?? []
        let lost = try #require(agents.first { $0["name"] as? String == "a2" })
        #expect(lost["lostInPhase"] as? Int == 1)
        let unreported = lost["sentUnreported"] as? [String: Int] ?? [:]
        for cluster in report["clusters"] as? [[String: Any]] ?? [] {
            let name = cluster["name"] as? String ?? ""
            let completed = cluster["completed"] as? Int ?? -1
            let failed = cluster["failed"] as? Int ?? -1
            #expect(completed + failed + (unreported[name] ?? 0) == 450, "\(name): \(cluster)")
        }
        hosts.lab.remove()
        #expect(hosts.lab.leftovers.isEmpty)
    }
}
