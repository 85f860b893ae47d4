/// A filter of an EC2 `Describe*` call: `tag:clusterbench:run` = `r-1`, `vpc-id` = `vpc-1`, ...
public struct EC2Filter: Sendable, Equatable {
    /// The filter's name.
    public var name: String
    /// Any of these values matches.
    public var values: [String]

    /// A filter.
    public init(_ name: String, _ values: [String]) {
        self.name = name
        self.values = values
    }

    /// Resources carrying tag `key` with one of `values`.
    public static func tag(_ key: String, _ values: String...) -> EC2Filter { EC2Filter("tag:\(key)", values) }
}

/// A VPC.
public struct EC2Vpc: Sendable, Equatable {
    /// `vpc-...`.
    public var id: String
    /// `172.31.0.0/16`.
    public var cidrBlock: String
    /// Whether it is the region's default VPC.
    public var isDefault: Bool
}

/// A subnet.
public struct EC2Subnet: Sendable, Equatable {
    /// `subnet-...`.
    public var id: String
    /// Its VPC.
    public var vpcId: String
    /// `us-east-1a`.
    public var availabilityZone: String
    /// `172.31.0.0/20`.
    public var cidrBlock: String
    /// Whether it is the default subnet of its zone.
    public var isDefaultForZone: Bool
}

/// An availability zone.
public struct EC2AvailabilityZone: Sendable, Equatable {
    /// `us-east-1a`.
    public var name: String
    /// `use1-az1`.
    public var zoneId: String
    /// `available`.
    public var state: String
}

/// One rule of a security group: a protocol and port range, from address ranges or from other groups.
public struct EC2IPPermission: Sendable, Equatable {
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    public var ipProtocol: String
    /// The first port (nil for all protocols).
    public var fromPort: Int?
    /// The last port.
    public var toPort: Int?
    /// Allowed source ranges (`0.0.0.0/0`).
    public var cidrRanges: [String]
    /// Allowed source security groups.
    public var sourceGroupIds: [String]

    /// A rule; see the properties.
    public init(
        ipProtocol: String = "tcp", fromPort: Int?, toPort: Int?, cidrRanges: [String] = [],
        sourceGroupIds: [String] = []
    ) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.cidrRanges = cidrRanges
        self.sourceGroupIds = sourceGroupIds
    }
}

/// A security group with its inbound rules and tags.
public struct EC2SecurityGroup: Sendable, Equatable {
    /// `sg-...`.
    public var id: String
    /// Its name, unique in the VPC.
    public var name: String
    /// Its VPC.
    public var vpcId: String
    /// Inbound rules.
    public var ingress: [EC2IPPermission]
    /// Tags.
    public var tags: [String: String]
}

/// What `RunInstances` starts.
public struct EC2RunInstancesInput: Sendable {
    /// `ami-...`.
    public var imageId: String
    /// `m4.large`.
    public var instanceType: String
    /// How many (MinCount = MaxCount: all or nothing).
    public var count: Int
    /// Where (the subnet decides the zone).
    public var subnetId: String?
    /// Security groups.
    public var securityGroupIds: [String]
    /// The user data script, sent base64-encoded.
    public var userData: String?
    /// `terminate` makes a shutdown from inside the instance terminate it.
    public var shutdownBehavior: String?
    /// Tags put on the instances (and their volumes) at creation.
    public var tags: [String: String]
    /// Idempotency token: a retried call with the same token starts nothing new.
    public var clientToken: String?

    /// An input; see the properties.
    public init(
        imageId: String, instanceType: String, count: Int = 1, subnetId: String? = nil,
        securityGroupIds: [String] = [], userData: String? = nil, shutdownBehavior: String? = nil,
        tags: [String: String] = [:], clientToken: String? = nil
    ) {
        self.imageId = imageId
        self.instanceType = instanceType
        self.count = count
        self.subnetId = subnetId
        self.securityGroupIds = securityGroupIds
        self.userData = userData
        self.shutdownBehavior = shutdownBehavior
        self.tags = tags
        self.clientToken = clientToken
    }
}

/// An instance as `RunInstances` and `DescribeInstances` report it.
public struct EC2Instance: Sendable, Equatable {
    /// `i-...`.
    public var id: String
    /// `m4.large`.
    public var instanceType: String
    /// `pending`, `running`, `shutting-down`, `terminated`, ...
    public var state: String
    /// `ami-...`.
    public var imageId: String
    /// Its zone.
    public var availabilityZone: String
    /// Its subnet (nil once terminated).
    public var subnetId: String?
    /// Its private address.
    public var privateIPAddress: String?
    /// Its public address, if it has one.
    public var publicIPAddress: String?
    /// Its security groups.
    public var securityGroupIds: [String]
    /// Tags.
    public var tags: [String: String]
}

/// An instance type offered in a location.
public struct EC2InstanceTypeOffering: Sendable, Equatable {
    /// `m4.large`.
    public var instanceType: String
    /// The zone (or region) it is offered in.
    public var location: String
}

/// One tag of one resource, as `DescribeTags` lists it.
public struct EC2ResourceTag: Sendable, Equatable {
    /// `i-...`, `sg-...`.
    public var resourceId: String
    /// `instance`, `security-group`, ...
    public var resourceType: String
    /// The tag's key.
    public var key: String
    /// The tag's value.
    public var value: String
}
