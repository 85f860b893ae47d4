extension EC2 {
    /// Creates a security group in `vpcId`, tagged at creation; returns its id.
    public func createSecurityGroup(
        name: String, description: String, vpcId: String, tags: [String: String] = [:]
    ) throws(AWSError) -> String {
        let response = try call("CreateSecurityGroup") { parameters in
            parameters.set("GroupName", name)
            parameters.set("GroupDescription", description)
            parameters.set("VpcId", vpcId)
            Self.add(tags: tags, for: ["security-group"], to: &parameters)
        }
        guard let id = response.string("groupId") else {
            throw client.failure(
                .malformedResponse, .ec2, "CreateSecurityGroup", status: 200, "no groupId in the response")
        }
        return id
    }

    /// Adds inbound rules to group `groupId`.
    public func authorizeSecurityGroupIngress(groupId: String, permissions: [EC2IPPermission]) throws(AWSError) {
        _ = try call("AuthorizeSecurityGroupIngress") { parameters in
            parameters.set("GroupId", groupId)
            parameters.structures("IpPermissions", permissions) { parameters, prefix, permission in
                parameters.set("\(prefix).IpProtocol", permission.ipProtocol)
                parameters.set("\(prefix).FromPort", permission.fromPort)
                parameters.set("\(prefix).ToPort", permission.toPort)
                parameters.structures("\(prefix).IpRanges", permission.cidrRanges) { parameters, range, cidr in
                    parameters.set("\(range).CidrIp", cidr)
                }
                parameters.structures("\(prefix).Groups", permission.sourceGroupIds) { parameters, pair, group in
                    parameters.set("\(pair).GroupId", group)
                }
            }
        }
    }

    /// Security groups by id and/or filters (`group-name`, `vpc-id`, `tag:KEY`).
    public func describeSecurityGroups(ids: [String] = [], filters: [EC2Filter] = []) throws(AWSError)
        -> [EC2SecurityGroup]
    {
        try describeAll(
            "DescribeSecurityGroups",
            { parameters in
                parameters.list("GroupId", ids)
                Self.add(filters, to: &parameters)
            }
        ) { page in
            page.list("securityGroupInfo").map { item in
                EC2SecurityGroup(
                    id: item.string("groupId") ?? "", name: item.string("groupName") ?? "",
                    vpcId: item.string("vpcId") ?? "", ingress: item.list("ipPermissions").map(Self.permission),
                    tags: Self.tags(item))
            }
        }
    }

    /// Deletes group `groupId` (fails with `DependencyViolation` while an instance or another group uses it).
    public func deleteSecurityGroup(groupId: String) throws(AWSError) {
        _ = try call("DeleteSecurityGroup") { $0.set("GroupId", groupId) }
    }

    /// One `<ipPermissions><item>`.
    private static func permission(_ item: XMLTree) -> EC2IPPermission {
        EC2IPPermission(
            ipProtocol: item.string("ipProtocol") ?? "", fromPort: item.string("fromPort").flatMap { Int($0) },
            toPort: item.string("toPort").flatMap { Int($0) },
            cidrRanges: item.list("ipRanges").compactMap { $0.string("cidrIp") },
            sourceGroupIds: item.list("groups").compactMap { $0.string("groupId") })
    }
}
