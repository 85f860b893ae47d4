import AWS
import Testing

/// ELBv2 round trips against moto with authentication on: an application load balancer with two target groups,
/// a listener whose default is a fixed 404 and one path rule per group, targets registered and their health read,
/// tags, pages followed, then everything deleted and gone.
extension AWSMotoTests {
    @Suite(.timeLimit(.minutes(2))) struct AWSMotoELBv2Tests {
        @Test func loadBalancerTargetGroupsListenerAndRulesRoundTrip() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let ec2 = EC2(client: moto.client())
            let elb = ELBv2(client: moto.client())
            let run = ["clusterbench:run": "run-7"]

            let vpc = try #require(try await off { try ec2.defaultVpc() })
            let subnets = try await off { try ec2.describeSubnets(filters: [EC2Filter("vpc-id", [vpc.id])]) }
            let group = try await off { try ec2.createSecurityGroup(name: "cb-lb", description: "lb", vpcId: vpc.id) }
            let ami = try await off {
                try SSM(client: moto.client()).getParameter(SSM.latestAmazonLinuxParameter).Value
            }
            let instances = try await off {
                try ec2.runInstances(
                    EC2RunInstancesInput(
                        imageId: ami, instanceType: "t2.micro", count: 2, subnetId: subnets[0].id, tags: run))
            }

            let balancer = try await off {
                try elb.createLoadBalancer(
                    name: "cb-run-7", subnetIds: [subnets[0].id, subnets[1].id], securityGroupIds: [group], tags: run)
            }
            #expect(balancer.arn.contains(":loadbalancer/app/cb-run-7/"))
            #expect(balancer.vpcId == vpc.id)
            #expect(!balancer.dnsName.isEmpty)
            let clusters = ["cluster1", "cluster2"]
            var created: [ELBTargetGroup] = []
            for name in clusters {
                created.append(
                    try await off {
                        try elb.createTargetGroup(
                            ELBTargetGroupInput(
                                name: "cb-run-7-\(name)", port: 8000, vpcId: vpc.id, healthCheckPath: "/health",
                                tags: run))
                    })
            }
            let groups = created
            #expect(groups.map(\.port) == [8000, 8000])
            #expect(groups.map(\.healthCheckPath) == ["/health", "/health"])
            let listener = try await off { try elb.createListener(loadBalancerArn: balancer.arn, tags: run) }
            for (index, name) in clusters.enumerated() {
                _ = try await off {
                    try elb.createRule(
                        listenerArn: listener, priority: index + 1, pathPatterns: ["/\(name)", "/\(name)/*"],
                        targetGroupArn: groups[index].arn, tags: run)
                }
            }
            try await off { try elb.registerTargets(targetGroupArn: groups[0].arn, instanceIds: instances.map(\.id)) }

            // Three rules (two path rules and the default) read one per page.
            let rules = try await off { try elb.describeRules(listenerArn: listener, pageSize: 1) }
            #expect(rules.count == 3)
            let byPriority = Dictionary(uniqueKeysWithValues: rules.map { ($0.priority, $0) })
            #expect(byPriority["1"]?.pathPatterns == ["/cluster1", "/cluster1/*"])
            #expect(byPriority["1"]?.targetGroupArns == [groups[0].arn])
            #expect(byPriority["2"]?.pathPatterns == ["/cluster2", "/cluster2/*"])
            #expect(byPriority["2"]?.targetGroupArns == [groups[1].arn])
            #expect(byPriority["default"]?.isDefault == true)
            #expect(byPriority["default"]?.fixedResponseStatus == "404")

            let health = try await off { try elb.describeTargetHealth(targetGroupArn: groups[0].arn) }
            #expect(health.map(\.targetId).sorted() == instances.map(\.id).sorted())
            #expect(health.allSatisfy { !$0.state.isEmpty })
            #expect(try await off { try elb.describeTargetHealth(targetGroupArn: groups[1].arn).isEmpty })

            let described = try await off { try elb.describeTargetGroups(loadBalancerArn: balancer.arn, pageSize: 1) }
            #expect(described.map(\.arn).sorted() == groups.map(\.arn).sorted())
            #expect(described.allSatisfy { $0.loadBalancerArns == [balancer.arn] })
            let tags = try await off { try elb.describeTags(arns: [balancer.arn] + groups.map(\.arn)) }
            #expect(tags.count == 3)
            #expect(tags.allSatisfy { $0.tags == run })

            // A second balancer, so that listing them takes two pages of one.
            let other = try await off {
                try elb.createLoadBalancer(
                    name: "cb-other", subnetIds: subnets.prefix(2).map(\.id), securityGroupIds: [])
            }
            #expect(
                try await off { try elb.describeLoadBalancers(pageSize: 1).map(\.name).sorted() } == [
                    "cb-other", "cb-run-7",
                ])

            try await off { try elb.deleteListener(arn: listener) }
            for group in groups { try await off { try elb.deleteTargetGroup(arn: group.arn) } }
            try await off { try elb.deleteLoadBalancer(arn: balancer.arn) }
            try await off { try elb.deleteLoadBalancer(arn: other.arn) }
            let gone = try await #require(throws: AWSError.self) {
                _ = try await off { try elb.describeLoadBalancers(arns: [balancer.arn]) }
            }
            #expect(gone.code == "LoadBalancerNotFound")
            #expect(gone.isNotFound)
            #expect(try await off { try elb.describeLoadBalancers().isEmpty })
            #expect(try await off { try elb.describeTargetGroups().isEmpty })
        }
    }
}
