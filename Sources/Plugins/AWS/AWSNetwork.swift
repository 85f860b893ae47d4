import AWS

/// Where the run's load balancer and instances live: a VPC and one subnet in each of two (or more) availability
/// zones that offer every instance type of the run.
struct AWSNetwork {
    /// The VPC.
    var vpcId: String
    /// One subnet per zone, in zone order.
    var subnets: [EC2Subnet]

    /// The configured subnets, or the default VPC's default subnets of the configured zones, or of the first two
    /// zones that offer every type in `types`.
    /// - Throws: `StepFailure`-ready messages: no default VPC, a type not offered, too few zones.
    static func choose(_ settings: AWSSettings, types: [String], ec2: EC2) throws -> AWSNetwork {
        let region = ec2.client.configuration.region
        let wanted = Set(types)
        let offerings = try ec2.describeInstanceTypeOfferings(filters: [EC2Filter("instance-type", Array(wanted))])
        var offered: [String: Set<String>] = [:]
        for offering in offerings { offered[offering.location, default: []].insert(offering.instanceType) }
        for type in wanted.sorted() where !offered.values.contains(where: { $0.contains(type) }) {
            throw NetworkError("instance type \(type) is not offered in any availability zone of \(region)")
        }
        if !settings.subnetIDs.isEmpty {
            let subnets = try ec2.describeSubnets(filters: [EC2Filter("subnet-id", settings.subnetIDs)])
            let ordered = settings.subnetIDs.compactMap { id in subnets.first { $0.id == id } }
            guard ordered.count == settings.subnetIDs.count, let vpc = ordered.first?.vpcId else {
                let missing = settings.subnetIDs.filter { id in !subnets.contains { $0.id == id } }
                throw NetworkError("subnets not found in \(region): \(missing.joined(separator: ", "))")
            }
            try check(ordered.map(\.availabilityZone), offer: wanted, offered, region)
            return AWSNetwork(vpcId: vpc, subnets: ordered)
        }
        guard let vpc = try ec2.defaultVpc() else {
            throw NetworkError("\(region) has no default VPC; give provider.subnetIDs (two subnets in two zones)")
        }
        let subnets = try ec2.describeSubnets(filters: [EC2Filter("vpc-id", [vpc.id])])
        var byZone: [String: EC2Subnet] = [:]
        for subnet in subnets where subnet.isDefaultForZone || byZone[subnet.availabilityZone] == nil {
            byZone[subnet.availabilityZone] = subnet
        }
        let zones: [String]
        if settings.availabilityZones.isEmpty {
            zones = Array(byZone.keys.sorted().filter { wanted.isSubset(of: offered[$0] ?? []) }.prefix(2))
            guard zones.count == 2 else {
                throw NetworkError(
                    "\(region) has \(zones.count) zone(s) with a default subnet offering "
                        + "\(wanted.sorted().joined(separator: ", ")); "
                        + "an Application Load Balancer needs two")
            }
        } else {
            zones = settings.availabilityZones
            try check(zones, offer: wanted, offered, region)
        }
        let chosen = try zones.map { zone in
            guard let subnet = byZone[zone] else {
                throw NetworkError("the default VPC \(vpc.id) has no subnet in \(zone)")
            }
            return subnet
        }
        return AWSNetwork(vpcId: vpc.id, subnets: chosen)
    }

    private static func check(
        _ zones: [String], offer wanted: Set<String>, _ offered: [String: Set<String>], _ region: String
    ) throws {
        for zone in zones {
            let missing = wanted.subtracting(offered[zone] ?? [])
            if let type = missing.sorted().first {
                let elsewhere = offered.filter { $0.value.contains(type) }.keys.sorted()
                throw NetworkError(
                    "instance type \(type) is not offered in \(zone) (offered in \(elsewhere.joined(separator: ", ")))")
            }
        }
    }
}

/// The network the config asks for does not exist or cannot hold the run.
struct NetworkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
