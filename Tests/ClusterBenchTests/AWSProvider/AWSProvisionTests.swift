import AWS
import Foundation
import Testing

@testable import Plugins

/// The real `aws` provider end to end through the built `coordinator`, against moto's server with authentication
/// on: what `provision` builds, that `teardown` and `teardown --sweep` leave nothing tagged, a refused secret, and a
/// failure injected half way.
extension AWSMotoTests {
    @Suite(.timeLimit(.minutes(4))) struct AWSProvisionTests {
        @Test func provisionBuildsTheLabAndTeardownRemovesIt() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let fixture = try AWSMotoFixture(moto)
            defer { fixture.remove() }
            let config = try fixture.config()
            let result = try await off {
                try fixture.coordinator(["provision", config, "--results-dir", fixture.folder])
            }
            #expect(result.exitCode == 0, "\(result.output)")
            let runFolder = try #require(result.output.split(separator: "\n").last.map(String.init))
            let runID = URL(fileURLWithPath: runFolder).lastPathComponent
            #expect(runFolder.hasPrefix(fixture.folder + "/"))
            #expect(result.output.contains("aws: healthy targets: cluster1 2/2, cluster2 3/3"))

            let ec2 = EC2(client: moto.client())
            let elb = ELBv2(client: moto.client())
            let run = EC2Filter.tag(AWSProvider.runTagKey, runID)
            // Instances: the right count of the right type in each target group, all tagged with the run.
            let instances = try await off { try ec2.describeInstances(filters: [run]) }
            #expect(instances.count == 5)
            #expect(instances.allSatisfy { $0.tags[AWSProvider.runTagKey] == runID && $0.state == "running" })
            // Their root volumes carry the run's tag from creation.
            let volumes = try await off { try ec2.describeVolumes(filters: [run]) }
            #expect(Set(volumes.flatMap(\.attachedTo)) == Set(instances.map(\.id)))
            #expect(volumes.count == 5)
            let balancer = try #require(try await off { try elb.describeLoadBalancers() }.first)
            let groups = try await off { try elb.describeTargetGroups(loadBalancerArn: balancer.arn) }
            #expect(groups.count == 2)
            let typesByCluster = try await off { () -> [String: [String]] in
                var types: [String: [String]] = [:]
                for group in groups {
                    let targets = try elb.describeTargetHealth(targetGroupArn: group.arn).map(\.targetId)
                    let cluster = try elb.describeTags(arns: [group.arn])[0].tags["clusterbench:cluster"] ?? "?"
                    types[cluster] = instances.filter { targets.contains($0.id) }.map(\.instanceType)
                    #expect(targets.count == types[cluster]?.count)
                }
                return types
            }
            #expect(
                typesByCluster == [
                    "cluster1": ["m4.large", "m4.large"], "cluster2": Array(repeating: "t2.xlarge", count: 3),
                ])
            #expect(groups.allSatisfy { $0.healthCheckPath == "/health" && $0.port == 8000 })
            // The listener: a fixed 404 by default, and one rule per cluster for path and path/*.
            let listener = try #require(
                try await off { try moto.client().query(.elbv2, "DescribeListeners", listenerQuery(balancer.arn)) }
                    .list("DescribeListenersResult", "Listeners").first?.string("ListenerArn"))
            let rules = try await off { try elb.describeRules(listenerArn: listener) }
            let byPriority = Dictionary(uniqueKeysWithValues: rules.map { ($0.priority, $0) })
            #expect(byPriority["1"]?.pathPatterns == ["/cluster1", "/cluster1/*"])
            #expect(byPriority["2"]?.pathPatterns == ["/cluster2", "/cluster2/*"])
            #expect(byPriority["default"]?.fixedResponseStatus == "404")
            // Security groups: HTTP from the configured CIDR to the balancer, the app port from the balancer only.
            let securityGroups = try await off { try ec2.describeSecurityGroups(filters: [run]) }
            let lbGroup = try #require(securityGroups.first { $0.name.hasSuffix("-lb") })
            let instanceGroup = try #require(securityGroups.first { $0.name.hasSuffix("-instances") })
            #expect(balancer.securityGroupIds == [lbGroup.id])
            #expect(lbGroup.ingress == [EC2IPPermission(fromPort: 80, toPort: 80, cidrRanges: ["203.0.113.0/24"])])
            #expect(
                instanceGroup.ingress == [EC2IPPermission(fromPort: 8000, toPort: 8000, sourceGroupIds: [lbGroup.id])])
            #expect(instances.allSatisfy { $0.securityGroupIds == [instanceGroup.id] })
            // Every resource carries the run id, and the journal lists each.
            let elbTags = try await off {
                try elb.describeTags(
                    arns: [balancer.arn, listener] + groups.map(\.arn) + rules.filter { !$0.isDefault }.map(\.arn))
            }
            #expect(elbTags.count == 6)
            #expect(elbTags.allSatisfy { $0.tags[AWSProvider.runTagKey] == runID })
            let journal = AWSResourceJournal(runDirectory: runFolder).entries()
            let kinds: [String: Int] = journal.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
            let expected: [String: Int] = [
                "instance": 5, "load-balancer": 1, "listener": 1, "rule": 2, "security-group": 2, "target-group": 2,
            ]
            #expect(kinds == expected)
            let deployment = try JSONDecoder().decode(
                Deployment.self, from: Data(contentsOf: URL(fileURLWithPath: runFolder + "/deployment.json")))
            #expect(
                deployment.clusters.map(\.targetURL) == [
                    "http://\(balancer.dnsName)/cluster1", "http://\(balancer.dnsName)/cluster2",
                ])

            // run --reuse takes the deployment over without provisioning and leaves it up (moto's balancer has no
            // address, so the load itself fails: only the stages are checked here).
            let reuse = try await off {
                try fixture.coordinator(["run", config, "--reuse", runFolder, "--results-dir", fixture.folder])
            }
            #expect(reuse.output.contains("reusing the deployment of \(runFolder) (provider aws); it stays up"))
            #expect(reuse.output.contains("aws: healthy targets: cluster1 2/2, cluster2 3/3"))
            #expect(!reuse.output.contains("provisioning 2 clusters"))
            #expect(!reuse.output.contains("tearing down"))
            #expect(try await off { try fixture.tagged() }.count == 10)

            let teardown = try await off { try fixture.coordinator(["teardown", runFolder]) }
            #expect(teardown.exitCode == 0, "\(teardown.output)")
            #expect(teardown.output.contains("aws: terminated 5 instance(s)"))
            #expect(try await off { try fixture.tagged() } == [])
            #expect(try await off { try ec2.describeVolumes(filters: [run]) } == [])
            let again = try await off { try fixture.coordinator(["teardown", runFolder]) }
            #expect(again.exitCode == 0)
            #expect(!again.output.contains("could not remove"))
        }

        @Test func sweepFindsOrphansWithoutAJournal() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let fixture = try AWSMotoFixture(moto)
            defer { fixture.remove() }
            let result = try await off {
                try fixture.coordinator(["provision", try fixture.config(), "--results-dir", fixture.folder])
            }
            #expect(result.exitCode == 0, "\(result.output)")
            let runFolder = try #require(result.output.split(separator: "\n").last.map(String.init))
            try FileManager.default.removeItem(atPath: runFolder)
            // An unattached volume left tagged (a detached root volume, say) is an orphan too.
            var create = QueryParameters(style: .ec2)
            create.set("AvailabilityZone", "us-east-1a")
            create.set("Size", 8)
            create.structures("TagSpecification", ["volume"]) { parameters, prefix, type in
                parameters.set("\(prefix).ResourceType", type)
                parameters.tags("\(prefix).Tag", [AWSProvider.runTagKey: "orphan"])
            }
            let created = create
            _ = try await off { try moto.client().query(.ec2, "CreateVolume", created) }
            let before = try await off { try fixture.tagged() }
            let found = before.count
            #expect(found == 11)
            #expect(before.filter { $0.hasPrefix("volume vol-") }.count == 1)

            let dry = try await off { try fixture.coordinator(["teardown", "--sweep", "aws", "--dry-run"]) }
            #expect(dry.exitCode == 0, "\(dry.output)")
            #expect(dry.output.contains("aws: 11 resource(s) tagged clusterbench:run in us-east-1"))
            #expect(before.allSatisfy { dry.output.contains("  \($0)\n") })
            #expect(dry.output.contains("dry run: 11 resource(s) would be removed"))
            #expect(try await off { try fixture.tagged() }.count == 11)

            let sweep = try await off { try fixture.coordinator(["teardown", "--sweep", "aws"]) }
            #expect(sweep.exitCode == 0, "\(sweep.output)")
            #expect(sweep.output.contains("swept 11 resource(s)"))
            #expect(try await off { try fixture.tagged() } == [])
        }

        @Test func aWrongSecretIsRefusedAndNeverPrinted() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let fixture = try AWSMotoFixture(moto)
            defer { fixture.remove() }
            let secret = "Wr0ngSecretKeyValue/ForTheProviderTest000"
            let config = try fixture.config()
            let result = try await off {
                try fixture.coordinator(
                    ["provision", config, "--results-dir", fixture.folder],
                    environment: fixture.environment(secret: secret))
            }
            #expect(result.exitCode == 1)
            let last = result.output.split(separator: "\n").last.map(String.init) ?? ""
            #expect(
                last.hasPrefix(
                    "error: aws: network failed: AWS refused the credentials (\(fixture.credentials.accessKeyId)"))
            #expect(
                last.contains(
                    "ec2 DescribeInstanceTypeOfferings: HTTP 401 AuthFailure: AWS was not able to validate the provided access credentials"
                ))
            #expect(!result.output.contains(secret))
            let files = try FileManager.default.subpathsOfDirectory(atPath: fixture.folder)
            for file in files where !file.hasSuffix("aws.json") {
                let text = (try? String(contentsOfFile: fixture.folder + "/" + file, encoding: .utf8)) ?? ""
                #expect(!text.contains(secret), "\(file)")
            }
        }

        @Test func missingCredentialsAreBadInputNamingWhereItLooked() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let fixture = try AWSMotoFixture(moto)
            defer { fixture.remove() }
            var environment = fixture.environment()
            environment["AWS_ACCESS_KEY_ID"] = ""
            environment["AWS_SECRET_ACCESS_KEY"] = ""
            let config = try fixture.config()
            let unset = environment
            let result = try await off { try fixture.coordinator(["provision", config], environment: unset) }
            #expect(result.exitCode == 2)
            #expect(result.output.hasPrefix("error: aws: no AWS credentials found; looked at"), "\(result.output)")
            #expect(result.output.contains(fixture.folder + "/none"))
        }

        @Test func theDocumentedPolicyIsEnforcedAndAMissingActionIsNamed() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            // Every other test runs the coordinator with exactly docs/aws.md's policy; here one action is taken out.
            let fixture = try AWSMotoFixture(moto) {
                $0.replacingOccurrences(of: "\"elasticloadbalancing:CreateRule\", ", with: "")
            }
            defer { fixture.remove() }
            let config = try fixture.config()
            let result = try await off { try fixture.coordinator(["provision", config, "--results-dir", fixture.folder]) }
            #expect(result.exitCode == 1)
            let last = result.output.split(separator: "\n").last.map(String.init) ?? ""
            #expect(last.hasPrefix("error: aws: rule:cluster1 failed: "), "\(result.output)")
            #expect(last.contains("elasticloadbalancing:CreateRule"), "\(last)")
            #expect(try await off { try fixture.tagged() } == [])
        }

        @Test func aFailureHalfWayRemovesWhatWasCreatedAndSaysWhatFailed() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let fixture = try AWSMotoFixture(moto)
            defer { fixture.remove() }
            let config = try fixture.config()
            let result = try await off {
                try fixture.coordinator(
                    ["provision", config, "--results-dir", fixture.folder],
                    environment: fixture.environment(extra: ["CLUSTERBENCH_AWS_FAIL_AT": "instances:cluster2"]))
            }
            #expect(result.exitCode == 1)
            // Created before the failure: 2 groups, the balancer, the listener, 2 target groups, 2 rules, 2 instances.
            #expect(result.output.contains("aws: instances:cluster2 failed; removing the 10 resources already created"))
            #expect(result.output.contains("aws: terminated 2 instance(s)"))
            #expect(
                result.output.contains(
                    "error: aws: instances:cluster2 failed: injected failure (CLUSTERBENCH_AWS_FAIL_AT=instances:cluster2); "
                        + "removed the 10 resources already created"), "\(result.output)")
            #expect(try await off { try fixture.tagged() } == [])
        }
    }
}

private func listenerQuery(_ balancerArn: String) -> QueryParameters {
    var parameters = QueryParameters(style: .member)
    parameters.set("LoadBalancerArn", balancerArn)
    return parameters
}
