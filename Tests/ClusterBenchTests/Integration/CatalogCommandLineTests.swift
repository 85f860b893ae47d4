import Foundation
import Testing

/// `coordinator validate`, `run` and `plan` against the instance-type catalogue, as a user sees them.
@Suite struct CatalogCommandLineTests {
    static let unknownTypeFixture = InstanceCatalogTests.fixture("unknown-instance-type.json")

    static func unknownTypeLine(_ path: String) -> String {
        "error: \(path): $.clusters[0].instanceType: unknown instance type \"m4.larg\"; close matches: m4.large, "
            + "m4.xlarge, m5.large (catalogue: config/instance-types.json)\n"
    }

    @Test(.timeLimit(.minutes(1))) func validateRefusesAnUnknownInstanceTypeWithCloseMatches() throws {
        let result = try Tools.run("coordinator", ["validate", Self.unknownTypeFixture])
        #expect(result.exitCode == 2)
        #expect(result.output == Self.unknownTypeLine(Self.unknownTypeFixture))
    }

    @Test(.timeLimit(.minutes(1))) func runRefusesAnUnknownInstanceTypeBeforeStartingAnything() throws {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("cb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: results) }
        let result = try Tools.run("coordinator", ["run", Self.unknownTypeFixture, "--results-dir", results])
        #expect(result.exitCode == 2)
        #expect(result.output == Self.unknownTypeLine(Self.unknownTypeFixture))
        #expect(!FileManager.default.fileExists(atPath: results))
    }

    @Test(.timeLimit(.minutes(1))) func planRefusesAnUnknownInstanceType() throws {
        let result = try Tools.run("coordinator", ["plan", Self.unknownTypeFixture])
        #expect(result.exitCode == 2)
        #expect(result.output == Self.unknownTypeLine(Self.unknownTypeFixture))
    }

    @Test(.timeLimit(.minutes(1))) func planPrintsInstancesPricesAndTheRunCost() throws {
        let result = try Tools.run("coordinator", ["plan", "config/local.json", "--request-time", "100ms"])
        #expect(result.exitCode == 0)
        #expect(
            result.output == """
                plan: tp1-local (config/local.json) on provider local
                cluster   instances      vCPUs  memory  network   USD/h each   USD/h
                cluster1  4 x m4.large       8  32 GiB  Moderate      0.1000  0.4000
                cluster2  4 x t2.xlarge     16  64 GiB  Moderate      0.1856  0.7424
                total     8 instances       24  96 GiB                        1.1424
                load: sequential, 2 flows, 2500 requests per cluster; expected duration 5 min 20 s (longest flow: \
                1500 requests x 100ms + 10s of pauses per cluster; --request-time sets the time assumed per request)
                cost for the expected duration: USD 0.1015 (every instance runs for the whole load, billed per \
                second with a 60 s minimum; provisioning and health checks not included)
                prices: on-demand Linux, us-east-1, USD, checked 2026-11-29 (config/instance-types.json)

                """
        )
    }

    @Test(.timeLimit(.minutes(1))) func planRefusesABadRequestTime() throws {
        let result = try Tools.run("coordinator", ["plan", "config/local.json", "--request-time", "fast"])
        #expect(result.exitCode == 64)
        #expect(result.output.contains(#"--request-time: expected a duration above 0 such as "10ms", found "fast""#))
    }

    @Test(.timeLimit(.minutes(1))) func helpListsPlan() throws {
        let result = try Tools.run("coordinator", ["--help"])
        #expect(result.exitCode == 0)
        #expect(result.output.contains("plan"))
        #expect(result.output.contains("coordinator plan config/local.json"))
    }

    @Test(.timeLimit(.minutes(1))) func planOnAWSListsEveryResourceAndTheLoadBalancerCost() throws {
        let result = try Tools.run("coordinator", ["plan", "config/tp1.json", "--request-time", "100ms"])
        #expect(result.exitCode == 0)
        let lines = result.output.split(separator: "\n").suffix(9).joined(separator: "\n")
        #expect(
            lines == """
                  1 security group for the load balancer: HTTP 80 from 0.0.0.0/0
                  1 security group for the instances: TCP 8000 from the load balancer's group only
                  1 Application Load Balancer in us-east-1a, us-east-1b, internet-facing
                  1 HTTP listener on port 80, default action: fixed 404
                  cluster1: 1 target group (health check /health), 1 rule for /cluster1 and /cluster1/*, 4 x \
                m4.large instances (self-destruct after 3h)
                  cluster2: 1 target group (health check /health), 1 rule for /cluster2 and /cluster2/*, 4 x \
                t2.xlarge instances (self-destruct after 3h)
                load balancer: USD 0.0225 per hour + USD 0.0080 per LCU-hour; assuming 1 LCU (25 new \
                connections/s, 3000 active connections/min, 1 GB/h, 1000 rule evaluations/s: far above these \
                loads), USD 0.0305 per hour, USD 0.0036 for the load
                  prices for us-east-1, checked 2026-12-01: \
                https://aws.amazon.com/elasticloadbalancing/pricing/, \
                https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/
                  provisioning, the health wait and the metrics settle add minutes of every hourly price
                """)
    }
}
