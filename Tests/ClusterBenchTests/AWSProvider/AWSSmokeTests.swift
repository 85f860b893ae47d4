import Foundation
import Testing

/// Opt-in, against real AWS (it costs a few cents): set `CLUSTERBENCH_AWS_SMOKE=1` and AWS credentials (and
/// `AWS_REGION`, default us-east-1). Provisions two clusters of one t3.micro each through the built `coordinator`,
/// waits until the targets are healthy (the app really boots from user data), tears down, and always sweeps
/// everything tagged `clusterbench:run` at the end, whatever failed.
@Suite(
    .enabled(if: AWSSmoke.enabled, "set CLUSTERBENCH_AWS_SMOKE=1 and AWS credentials"),
    .timeLimit(.minutes(30)))
struct AWSSmokeTests {
    @Test func provisionOnRealAWSThenTeardownAndSweep() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cb-smoke-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let region = ProcessInfo.processInfo.environment["AWS_REGION"] ?? "us-east-1"
        let config = folder + "/smoke.json"
        try """
        {
          "name": "smoke",
          "provider": {"name": "aws", "region": "\(region)", "healthTimeout": "10m", "metricsSettle": "0s"},
          "clusters": [
            {"name": "cluster1", "path": "/cluster1", "instanceType": "t3.micro", "count": 1},
            {"name": "cluster2", "path": "/cluster2", "instanceType": "t3.micro", "count": 1}
          ],
          "load": {"schedule": "sequential", "flows": [{"name": "A", "steps": [{"requests": 10}]}]}
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        defer {
            let sweep = try? Tools.run("coordinator", ["teardown", "--sweep", "aws"], timeout: .seconds(1200))
            print(sweep?.output ?? "sweep did not run")
        }
        let provision = try await off {
            try Tools.run("coordinator", ["provision", config, "--results-dir", folder], timeout: .seconds(1200))
        }
        #expect(provision.exitCode == 0, "\(provision.output)")
        let runFolder = try #require(provision.output.split(separator: "\n").last.map(String.init))
        let teardown = try await off { try Tools.run("coordinator", ["teardown", runFolder], timeout: .seconds(1200)) }
        #expect(teardown.exitCode == 0, "\(teardown.output)")
        #expect(!teardown.output.contains("could not remove"))
        let left = try await off { try Tools.run("coordinator", ["teardown", "--sweep", "aws", "--dry-run"]) }
        #expect(left.output.contains("dry run: 0 resource(s) would be removed"), "\(left.output)")
    }
}

/// Whether the smoke test may run.
enum AWSSmoke {
    static var enabled: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["CLUSTERBENCH_AWS_SMOKE"] == "1"
            && (environment["AWS_ACCESS_KEY_ID"] != nil || environment["AWS_PROFILE"] != nil)
    }
}
