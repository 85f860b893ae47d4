extension ELBv2 {
    /// Creates an internet-facing application load balancer in `subnetIds` (two zones at least), tagged.
    public func createLoadBalancer(
        name: String, subnetIds: [String], securityGroupIds: [String], tags: [String: String] = [:]
    ) throws(AWSError) -> ELBLoadBalancer {
        let response = try call("CreateLoadBalancer") { parameters in
            parameters.set("Name", name)
            parameters.list("Subnets", subnetIds)
            parameters.list("SecurityGroups", securityGroupIds)
            parameters.set("Scheme", "internet-facing")
            parameters.set("Type", "application")
            parameters.tags("Tags", tags)
        }
        return Self.loadBalancer(try firstArn(response, "CreateLoadBalancer", "LoadBalancers", "LoadBalancerArn"))
    }

    /// Load balancers by ARN or name (all when both are empty), every page followed.
    public func describeLoadBalancers(
        arns: [String] = [], names: [String] = [], pageSize: Int? = nil
    ) throws(AWSError) -> [ELBLoadBalancer] {
        try describeAll(
            "DescribeLoadBalancers", pageSize: pageSize,
            { parameters in
                parameters.list("LoadBalancerArns", arns)
                parameters.list("Names", names)
            }
        ) { page in Self.members(page, "DescribeLoadBalancers", "LoadBalancers").map(Self.loadBalancer) }
    }

    /// Deletes a load balancer (and its listeners and rules).
    public func deleteLoadBalancer(arn: String) throws(AWSError) {
        _ = try call("DeleteLoadBalancer") { $0.set("LoadBalancerArn", arn) }
    }

    /// The tags of up to 20 resources (load balancers, target groups, listeners, rules).
    public func describeTags(arns: [String]) throws(AWSError) -> [ELBResourceTags] {
        let response = try call("DescribeTags") { $0.list("ResourceArns", arns) }
        return Self.members(response, "DescribeTags", "TagDescriptions").map { member in
            ELBResourceTags(arn: member.string("ResourceArn") ?? "", tags: Self.tags(member["Tags"]))
        }
    }

    /// One `LoadBalancers` member.
    private static func loadBalancer(_ member: XMLTree) -> ELBLoadBalancer {
        ELBLoadBalancer(
            arn: member.string("LoadBalancerArn") ?? "", name: member.string("LoadBalancerName") ?? "",
            dnsName: member.string("DNSName") ?? "", state: member.string("State", "Code") ?? "",
            vpcId: member.string("VpcId") ?? "", securityGroupIds: member.list("SecurityGroups").map(\.text))
    }
}
