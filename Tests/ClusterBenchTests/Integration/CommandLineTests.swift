import Foundation
import Testing

/// The `coordinator` executable's answers to good and bad input, as a user sees them.
@Suite struct CommandLineTests {
    @Test(.timeLimit(.minutes(2)), arguments: BadConfigCases.all)
    func validateRefusesEachClassOfBadInputWithExitCode2AndOneLine(fixture: String, expected: String) throws {
        let path = BadConfigCases.fixturePath(fixture)
        let result = try Tools.run("coordinator", ["validate", path])
        #expect(result.exitCode == 2)
        #expect(result.output == "error: \(path): \(expected)\n")
    }

    @Test(.timeLimit(.minutes(1))) func runRefusesBadInputBeforeStartingAnything() throws {
        let path = BadConfigCases.fixturePath("zero-instances.json")
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("cb-\(UUID().uuidString)").path
        let result = try Tools.run("coordinator", ["run", path, "--results-dir", results])
        #expect(result.exitCode == 2)
        #expect(result.output == "error: \(path): $.clusters[0].count: expected an integer >= 1, found 0\n")
        #expect(!FileManager.default.fileExists(atPath: results))
    }

    @Test(.timeLimit(.minutes(1))) func missingFileIsBadInput() throws {
        let result = try Tools.run("coordinator", ["validate", "config/nope.json"])
        #expect(result.exitCode == 2)
        #expect(result.output == "error: config/nope.json: cannot read file (No such file or directory)\n")
    }

    @Test(.timeLimit(.minutes(1))) func validateSummarisesAGoodConfig() throws {
        let result = try Tools.run("coordinator", ["validate", "config/local.json"])
        #expect(result.exitCode == 0)
        #expect(result.output == "config/local.json: valid: tp1-local on local, clusters cluster1 (4 x m4.large), "
            + "cluster2 (4 x t2.xlarge), 2 flows, 2500 requests per cluster, sequential\n")
    }

    @Test(.timeLimit(.minutes(1))) func validateSummarisesEachClustersModel() throws {
        let closed = try Tools.run("coordinator", ["validate", "config/small-closed.json"])
        #expect(closed.exitCode == 0)
        #expect(closed.output == "config/small-closed.json: valid: small-closed on local, clusters cluster1 (2 x t2.micro), "
            + "cluster2 (2 x t2.small), closed, 4 connections, 200 requests per cluster, sequential\n")
        let open = try Tools.run("coordinator", ["validate", "config/small-open.json"])
        #expect(open.exitCode == 0)
        #expect(open.output == "config/small-open.json: valid: small-open on local, clusters cluster1 (2 x t2.micro), "
            + "cluster2 (2 x t2.small), cluster1: open, 100 req/s for 2s (200 requests, 20 connections opened first); "
            + "cluster2: open, 50 req/s for 1s then 100 req/s for 1s (150 requests), parallel\n")
    }

    @Test(.timeLimit(.minutes(1))) func pluginsListsTheLocalProvider() throws {
        let result = try Tools.run("coordinator", ["plugins"])
        #expect(result.exitCode == 0)
        #expect(result.output.hasPrefix("local  "))
    }

    @Test(.timeLimit(.minutes(1))) func helpTeachesTheSubcommandsAndExitCodes() throws {
        let result = try Tools.run("coordinator", ["--help"])
        #expect(result.exitCode == 0)
        for text in ["run", "validate", "plugins", "Exit codes: 0 success, 1 the run failed, 2 bad input"] {
            #expect(result.output.contains(text))
        }
    }

    @Test(.timeLimit(.minutes(1))) func agentRefusesABadEndpointWithExitCode64() throws {
        let result = try Tools.run("agent", ["--coordinator", "http://x"])
        #expect(result.exitCode == 64)
        #expect(result.output.contains("--coordinator: expected tcp://HOST:PORT, found \"http://x\""))
    }
}
