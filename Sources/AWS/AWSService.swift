/// One AWS API the client speaks to: how it is named for endpoints, signing and the environment, and which API
/// version its Query requests carry.
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// The host prefix of its endpoint (`ec2` in `ec2.us-east-1.amazonaws.com`).
    public var endpointPrefix: String
    /// The name in the SigV4 credential scope.
    public var signingName: String
    /// The API version sent as `Version` (Query) or empty (JSON).
    public var apiVersion: String
    /// The service part of `AWS_ENDPOINT_URL_<SERVICE>`, as the AWS CLI names it.
    public var environmentName: String
    /// A global service (IAM) has one endpoint and signs for `us-east-1` whatever the region.
    public var isGlobal: Bool

    /// A service; see the properties.
    public init(
        endpointPrefix: String, signingName: String, apiVersion: String, environmentName: String,
        isGlobal: Bool = false
    ) {
        self.endpointPrefix = endpointPrefix
        self.signingName = signingName
        self.apiVersion = apiVersion
        self.environmentName = environmentName
        self.isGlobal = isGlobal
    }

    /// The endpoint prefix.
    public var description: String { endpointPrefix }

    /// Amazon EC2 (Query protocol, EC2 list style).
    public static let ec2 = AWSService(
        endpointPrefix: "ec2", signingName: "ec2", apiVersion: "2016-11-15", environmentName: "EC2")
    /// Elastic Load Balancing v2: application load balancers.
    public static let elbv2 = AWSService(
        endpointPrefix: "elasticloadbalancing", signingName: "elasticloadbalancing", apiVersion: "2015-12-01",
        environmentName: "ELASTIC_LOAD_BALANCING_V2")
    /// Amazon CloudWatch metrics.
    public static let cloudWatch = AWSService(
        endpointPrefix: "monitoring", signingName: "monitoring", apiVersion: "2010-08-01",
        environmentName: "CLOUDWATCH")
    /// AWS Systems Manager (JSON 1.1 protocol): public parameters such as the latest AMI.
    public static let ssm = AWSService(
        endpointPrefix: "ssm", signingName: "ssm", apiVersion: "", environmentName: "SSM")
    /// AWS Identity and Access Management (global).
    public static let iam = AWSService(
        endpointPrefix: "iam", signingName: "iam", apiVersion: "2010-05-08", environmentName: "IAM", isGlobal: true)
    /// AWS Security Token Service (regional endpoint).
    public static let sts = AWSService(
        endpointPrefix: "sts", signingName: "sts", apiVersion: "2011-06-15", environmentName: "STS")
}
