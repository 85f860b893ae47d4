extension ELBv2 {
    /// Creates an HTTP target group of instances, with its health check, tagged.
    public func createTargetGroup(_ input: ELBTargetGroupInput) throws(AWSError) -> ELBTargetGroup {
        let response = try call("CreateTargetGroup") { parameters in
            parameters.set("Name", input.name)
            parameters.set("Protocol", "HTTP")
            parameters.set("Port", input.port)
            parameters.set("VpcId", input.vpcId)
            parameters.set("TargetType", "instance")
            parameters.set("HealthCheckProtocol", "HTTP")
            parameters.set("HealthCheckPath", input.healthCheckPath)
            parameters.set("HealthCheckIntervalSeconds", input.healthCheckIntervalSeconds)
            parameters.set("HealthyThresholdCount", input.healthyThreshold)
            parameters.set("Matcher.HttpCode", "200")
            parameters.tags("Tags", input.tags)
        }
        return Self.targetGroup(try firstArn(response, "CreateTargetGroup", "TargetGroups", "TargetGroupArn"))
    }

    /// Target groups by ARN, or those of one load balancer, or all; every page followed.
    public func describeTargetGroups(
        arns: [String] = [], loadBalancerArn: String? = nil, pageSize: Int? = nil
    ) throws(AWSError) -> [ELBTargetGroup] {
        try describeAll(
            "DescribeTargetGroups", pageSize: pageSize,
            { parameters in
                parameters.list("TargetGroupArns", arns)
                parameters.set("LoadBalancerArn", loadBalancerArn)
            }
        ) { page in Self.members(page, "DescribeTargetGroups", "TargetGroups").map(Self.targetGroup) }
    }

    /// Deletes a target group (fails with `ResourceInUse` while a rule forwards to it).
    public func deleteTargetGroup(arn: String) throws(AWSError) {
        _ = try call("DeleteTargetGroup") { $0.set("TargetGroupArn", arn) }
    }

    /// Registers instances with a target group, on the group's port.
    public func registerTargets(targetGroupArn: String, instanceIds: [String]) throws(AWSError) {
        _ = try call("RegisterTargets") { parameters in
            parameters.set("TargetGroupArn", targetGroupArn)
            parameters.structures("Targets", instanceIds) { parameters, prefix, id in
                parameters.set("\(prefix).Id", id)
            }
        }
    }

    /// The health of every target of a group, with AWS's reason code and description when not healthy.
    public func describeTargetHealth(targetGroupArn: String) throws(AWSError) -> [ELBTargetHealth] {
        let response = try call("DescribeTargetHealth") { $0.set("TargetGroupArn", targetGroupArn) }
        return Self.members(response, "DescribeTargetHealth", "TargetHealthDescriptions").map { member in
            ELBTargetHealth(
                targetId: member.string("Target", "Id") ?? "",
                port: member.string("Target", "Port").flatMap { Int($0) },
                state: member.string("TargetHealth", "State") ?? "",
                reason: member.string("TargetHealth", "Reason"),
                description: member.string("TargetHealth", "Description"))
        }
    }

    /// One `TargetGroups` member.
    private static func targetGroup(_ member: XMLTree) -> ELBTargetGroup {
        ELBTargetGroup(
            arn: member.string("TargetGroupArn") ?? "", name: member.string("TargetGroupName") ?? "",
            port: member.string("Port").flatMap { Int($0) } ?? 0, vpcId: member.string("VpcId") ?? "",
            healthCheckPath: member.string("HealthCheckPath") ?? "",
            loadBalancerArns: member.list("LoadBalancerArns").map(\.text))
    }
}
