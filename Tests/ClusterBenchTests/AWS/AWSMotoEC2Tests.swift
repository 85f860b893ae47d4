import AWS
import Testing

/// EC2 round trips against moto with authentication on: the default network, a security group and its rules,
/// two tagged instances found by tag (page by page), terminated, and the group deleted.
extension AWSMotoTests {
    @Suite(.timeLimit(.minutes(2))) struct AWSMotoEC2Tests {
        @Test func networkSecurityGroupsAndInstancesRoundTrip() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let ec2 = EC2(client: moto.client())

            let vpc = try #require(try await off { try ec2.defaultVpc() })
            #expect(vpc.isDefault)
            #expect(vpc.id.hasPrefix("vpc-"))
            let zones = try await off { try ec2.describeAvailabilityZones() }
            #expect(zones.map(\.name).contains("us-east-1a"))
            #expect(zones.map(\.name).contains("us-east-1b"))
            let subnets = try await off {
                try ec2.describeSubnets(filters: [
                    EC2Filter("vpc-id", [vpc.id]), EC2Filter("default-for-az", ["true"]),
                ])
            }
            #expect(Set(subnets.map(\.availabilityZone)) == Set(zones.map(\.name)))
            #expect(subnets.allSatisfy { $0.vpcId == vpc.id && $0.isDefaultForZone })
            let offerings = try await off {
                try ec2.describeInstanceTypeOfferings(filters: [EC2Filter("instance-type", ["m4.large"])])
            }
            #expect(offerings.contains { $0.instanceType == "m4.large" && $0.location == "us-east-1a" })

            let run = ["clusterbench:run": "run-42"]
            let loadBalancerGroup = try await off {
                try ec2.createSecurityGroup(
                    name: "cb-lb", description: "load balancer", vpcId: vpc.id, tags: run)
            }
            let instanceGroup = try await off {
                try ec2.createSecurityGroup(
                    name: "cb-instances", description: "instances", vpcId: vpc.id, tags: run)
            }
            try await off {
                try ec2.authorizeSecurityGroupIngress(
                    groupId: loadBalancerGroup,
                    permissions: [EC2IPPermission(fromPort: 80, toPort: 80, cidrRanges: ["203.0.113.0/24"])])
            }
            try await off {
                try ec2.authorizeSecurityGroupIngress(
                    groupId: instanceGroup,
                    permissions: [EC2IPPermission(fromPort: 8000, toPort: 8000, sourceGroupIds: [loadBalancerGroup])])
            }
            let groups = try await off { try ec2.describeSecurityGroups(filters: [.tag("clusterbench:run", "run-42")]) }
            #expect(groups.map(\.name).sorted() == ["cb-instances", "cb-lb"])
            let lb = try #require(groups.first { $0.id == loadBalancerGroup })
            #expect(lb.ingress == [EC2IPPermission(fromPort: 80, toPort: 80, cidrRanges: ["203.0.113.0/24"])])
            #expect(lb.tags == run)
            let instances = try #require(groups.first { $0.id == instanceGroup })
            #expect(
                instances.ingress == [
                    EC2IPPermission(fromPort: 8000, toPort: 8000, sourceGroupIds: [loadBalancerGroup])
                ])

            // Two RunInstances calls make two reservations, so a page size of 1 needs two pages.
            let ami = try await off {
                try SSM(client: moto.client()).getParameter(SSM.latestAmazonLinuxParameter).Value
            }
            var startedSoFar: [EC2Instance] = []
            for (type, subnet) in [("m4.large", subnets[0]), ("t2.xlarge", subnets[1])] {
                startedSoFar += try await off {
                    try ec2.runInstances(
                        EC2RunInstancesInput(
                            imageId: ami, instanceType: type, count: 1, subnetId: subnet.id,
                            securityGroupIds: [instanceGroup],
                            userData: "#!/bin/bash\necho hello\n", shutdownBehavior: "terminate",
                            tags: run.merging(["Name": "cb-\(type)"]) { $1 }))
                }
            }
            let started = startedSoFar
            #expect(started.count == 2)
            #expect(started.map(\.instanceType) == ["m4.large", "t2.xlarge"])
            let untagged = try await off {
                try ec2.runInstances(EC2RunInstancesInput(imageId: ami, instanceType: "t2.micro"))
            }
            #expect(untagged.count == 1)

            let found = try await off {
                try ec2.describeInstances(filters: [.tag("clusterbench:run", "run-42")], maxResults: 1)
            }
            #expect(found.map(\.id).sorted() == started.map(\.id).sorted())
            #expect(
                found.allSatisfy {
                    $0.state == "running" && $0.imageId == ami && $0.securityGroupIds == [instanceGroup]
                })
            #expect(Set(found.map { $0.tags["Name"] ?? "" }) == ["cb-m4.large", "cb-t2.xlarge"])
            #expect(
                Set(found.map(\.availabilityZone)) == Set([subnets[0].availabilityZone, subnets[1].availabilityZone]))
            let tags = try await off { try ec2.describeTags(filters: [EC2Filter("key", ["clusterbench:run"])]) }
            #expect(Set(tags.map(\.resourceId)).isSuperset(of: started.map(\.id) + [loadBalancerGroup, instanceGroup]))
            #expect(tags.allSatisfy { $0.value == "run-42" })

            let terminated = try await off { try ec2.terminateInstances(ids: started.map(\.id)) }
            #expect(terminated.map(\.id).sorted() == started.map(\.id).sorted())
            let after = try await off { try ec2.describeInstances(ids: started.map(\.id)) }
            #expect(after.map(\.state) == ["terminated", "terminated"])

            try await off { try ec2.deleteSecurityGroup(groupId: instanceGroup) }
            try await off { try ec2.deleteSecurityGroup(groupId: loadBalancerGroup) }
            let gone = try await #require(throws: AWSError.self) {
                _ = try await off { try ec2.describeSecurityGroups(ids: [instanceGroup]) }
            }
            #expect(gone.code == "InvalidGroup.NotFound")
            #expect(gone.isNotFound)
            #expect(
                try await off { try ec2.describeSecurityGroups(filters: [.tag("clusterbench:run", "run-42")]).isEmpty })
        }
    }
}
