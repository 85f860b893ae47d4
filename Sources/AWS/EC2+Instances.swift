import Foundation

extension EC2 {
    /// Starts `input.count` instances (all or none), tagged at creation; returns them as first reported (`pending`).
    public func runInstances(_ input: EC2RunInstancesInput) throws(AWSError) -> [EC2Instance] {
        let response = try call("RunInstances") { parameters in
            parameters.set("ImageId", input.imageId)
            parameters.set("InstanceType", input.instanceType)
            parameters.set("MinCount", input.count)
            parameters.set("MaxCount", input.count)
            parameters.set("SubnetId", input.subnetId)
            parameters.list("SecurityGroupId", input.securityGroupIds)
            parameters.set("UserData", input.userData.map { Data($0.utf8).base64EncodedString() })
            parameters.set("InstanceInitiatedShutdownBehavior", input.shutdownBehavior)
            parameters.set("ClientToken", input.clientToken ?? UUID().uuidString)
            Self.add(tags: input.tags, for: ["instance", "volume"], to: &parameters)
        }
        return response.list("instancesSet").map(Self.instance)
    }

    /// Instances by id and/or filters (`tag:KEY`, `instance-state-name`), every page followed; `maxResults` sets
    /// the page size (it cannot be combined with `ids`).
    public func describeInstances(
        ids: [String] = [], filters: [EC2Filter] = [], maxResults: Int? = nil
    ) throws(AWSError) -> [EC2Instance] {
        try describeAll(
            "DescribeInstances", maxResults: maxResults,
            { parameters in
                parameters.list("InstanceId", ids)
                Self.add(filters, to: &parameters)
            }
        ) { page in
            page.list("reservationSet").flatMap { $0.list("instancesSet").map(Self.instance) }
        }
    }

    /// Asks for instances to terminate; returns each id with its new state (`shutting-down`, `terminated`).
    public func terminateInstances(ids: [String]) throws(AWSError) -> [(id: String, state: String)] {
        guard !ids.isEmpty else { return [] }
        let response = try call("TerminateInstances") { $0.list("InstanceId", ids) }
        return response.list("instancesSet").map { item in
            (id: item.string("instanceId") ?? "", state: item.string("currentState", "name") ?? "")
        }
    }

    /// One `<instancesSet><item>`.
    static func instance(_ item: XMLTree) -> EC2Instance {
        EC2Instance(
            id: item.string("instanceId") ?? "", instanceType: item.string("instanceType") ?? "",
            state: item.string("instanceState", "name") ?? "", imageId: item.string("imageId") ?? "",
            availabilityZone: item.string("placement", "availabilityZone") ?? "",
            subnetId: item.string("subnetId").flatMap { $0.isEmpty ? nil : $0 },
            privateIPAddress: item.string("privateIpAddress").flatMap { $0.isEmpty ? nil : $0 },
            publicIPAddress: item.string("ipAddress").flatMap { $0.isEmpty ? nil : $0 },
            securityGroupIds: item.list("groupSet").compactMap { $0.string("groupId") }, tags: tags(item))
    }
}
