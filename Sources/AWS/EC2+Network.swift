extension EC2 {
    /// VPCs matching `filters` (`EC2Filter("isDefault", ["true"])` finds the default VPC).
    public func describeVpcs(filters: [EC2Filter] = []) throws(AWSError) -> [EC2Vpc] {
        try describeAll("DescribeVpcs", { Self.add(filters, to: &$0) }) { page in
            page.list("vpcSet").map { item in
                EC2Vpc(
                    id: item.string("vpcId") ?? "", cidrBlock: item.string("cidrBlock") ?? "",
                    isDefault: item.string("isDefault") == "true")
            }
        }
    }

    /// The region's default VPC, or nil when it has none.
    public func defaultVpc() throws(AWSError) -> EC2Vpc? {
        try describeVpcs(filters: [EC2Filter("isDefault", ["true"])]).first
    }

    /// Subnets matching `filters` (`vpc-id`, `availability-zone`, `default-for-az`).
    public func describeSubnets(filters: [EC2Filter] = []) throws(AWSError) -> [EC2Subnet] {
        try describeAll("DescribeSubnets", { Self.add(filters, to: &$0) }) { page in
            page.list("subnetSet").map { item in
                EC2Subnet(
                    id: item.string("subnetId") ?? "", vpcId: item.string("vpcId") ?? "",
                    availabilityZone: item.string("availabilityZone") ?? "", cidrBlock: item.string("cidrBlock") ?? "",
                    isDefaultForZone: item.string("defaultForAz") == "true")
            }
        }
    }

    /// The region's availability zones (`zone-name`, `state` filters).
    public func describeAvailabilityZones(filters: [EC2Filter] = []) throws(AWSError) -> [EC2AvailabilityZone] {
        let page = try call("DescribeAvailabilityZones") { Self.add(filters, to: &$0) }
        return page.list("availabilityZoneInfo").map { item in
            EC2AvailabilityZone(
                name: item.string("zoneName") ?? "", zoneId: item.string("zoneId") ?? "",
                state: item.string("zoneState") ?? "")
        }
    }

    /// Where instance types are offered, per availability zone (filter `instance-type`, `location`).
    public func describeInstanceTypeOfferings(filters: [EC2Filter] = []) throws(AWSError) -> [EC2InstanceTypeOffering] {
        try describeAll(
            "DescribeInstanceTypeOfferings",
            { parameters in
                parameters.set("LocationType", "availability-zone")
                Self.add(filters, to: &parameters)
            }
        ) { page in
            page.list("instanceTypeOfferingSet").map { item in
                EC2InstanceTypeOffering(
                    instanceType: item.string("instanceType") ?? "", location: item.string("location") ?? "")
            }
        }
    }

    /// Tags of every resource matching `filters` (`key`, `value`, `resource-type`, `resource-id`).
    public func describeTags(filters: [EC2Filter] = []) throws(AWSError) -> [EC2ResourceTag] {
        try describeAll("DescribeTags", { Self.add(filters, to: &$0) }) { page in
            page.list("tagSet").map { item in
                EC2ResourceTag(
                    resourceId: item.string("resourceId") ?? "", resourceType: item.string("resourceType") ?? "",
                    key: item.string("key") ?? "", value: item.string("value") ?? "")
            }
        }
    }
}
