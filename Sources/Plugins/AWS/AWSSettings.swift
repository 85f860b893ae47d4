import BenchConfig
import StrictJSON

/// The `aws` provider's own keys of the config's `provider` object: where to build (region, zones, network), what
/// may reach the load balancer, which image, and the safety nets. Every key is optional; `docs/aws.md` lists them.
public struct AWSSettings: ProviderSettings, Equatable {
    /// The region (`us-east-1`); nil takes the credential chain's (`AWS_REGION`, `AWS_DEFAULT_REGION`, profile).
    public var region: String?
    /// Availability zones of the load balancer's subnets (two at least, as an ALB needs); empty takes the first
    /// two zones of the region that offer every instance type of the run.
    public var availabilityZones: [String]
    /// Subnets to use instead of the default VPC's subnets of `availabilityZones`.
    public var subnetIDs: [String]
    /// IPv4 ranges that may send HTTP to the load balancer (the agents' hosts).
    public var ingressCIDRs: [String]
    /// The image of every instance; nil resolves `amiParameter` through SSM at provision time.
    public var ami: String?
    /// The public SSM parameter naming the latest Amazon Linux 2023 image.
    public var amiParameter: String
    /// The port gunicorn listens on inside each instance (reached only from the load balancer's security group).
    public var appPort: Int
    /// Every instance shuts itself down (and so terminates) this long after boot, whatever happens to the run.
    public var selfDestruct: Duration
    /// How long to wait after the load before reading CloudWatch, which publishes ALB metrics a minute or two late.
    public var metricsSettle: Duration
    /// An EC2 key pair to put on the instances for SSH, if any.
    public var keyName: String?

    /// The keys, in the order messages list them.
    public static let keys = [
        "region", "availabilityZones", "subnetIDs", "ingressCIDRs", "ami", "amiParameter", "appPort", "selfDestruct",
        "metricsSettle", "keyName",
    ]
    /// Amazon Linux 2023's public parameter for x86_64.
    public static let defaultAMIParameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

    /// Settings with every default.
    public init(
        region: String? = nil, availabilityZones: [String] = [], subnetIDs: [String] = [],
        ingressCIDRs: [String] = ["0.0.0.0/0"], ami: String? = nil, amiParameter: String = defaultAMIParameter,
        appPort: Int = 8000, selfDestruct: Duration = .seconds(3 * 3600), metricsSettle: Duration = .seconds(120),
        keyName: String? = nil
    ) {
        self.region = region
        self.availabilityZones = availabilityZones
        self.subnetIDs = subnetIDs
        self.ingressCIDRs = ingressCIDRs
        self.ami = ami
        self.amiParameter = amiParameter
        self.appPort = appPort
        self.selfDestruct = selfDestruct
        self.metricsSettle = metricsSettle
        self.keyName = keyName
    }

    /// Every key with its value, defaults filled in, for the resolved config.
    public func jsonMembers() -> JSONObject {
        var object: JSONObject = [:]
        if let region { object["region"] = .string(region) }
        object["availabilityZones"] = .array(availabilityZones.map(JSONValue.string))
        object["subnetIDs"] = .array(subnetIDs.map(JSONValue.string))
        object["ingressCIDRs"] = .array(ingressCIDRs.map(JSONValue.string))
        if let ami { object["ami"] = .string(ami) }
        object["amiParameter"] = .string(amiParameter)
        object["appPort"] = .int(Int64(appPort))
        object["selfDestruct"] = .string(selfDestruct.configText)
        object["metricsSettle"] = .string(metricsSettle.configText)
        if let keyName { object["keyName"] = .string(keyName) }
        return object
    }
}
