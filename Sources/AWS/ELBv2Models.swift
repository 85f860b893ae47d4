/// An application load balancer.
public struct ELBLoadBalancer: Sendable, Equatable {
    /// Its ARN.
    public var arn: String
    /// Its name.
    public var name: String
    /// The DNS name clients use.
    public var dnsName: String
    /// `provisioning`, `active`, `failed`.
    public var state: String
    /// Its VPC.
    public var vpcId: String
    /// Its security groups.
    public var securityGroupIds: [String]
}

/// A target group and its health check.
public struct ELBTargetGroup: Sendable, Equatable {
    /// Its ARN.
    public var arn: String
    /// Its name.
    public var name: String
    /// The port targets receive traffic on.
    public var port: Int
    /// Its VPC.
    public var vpcId: String
    /// The health check's path.
    public var healthCheckPath: String
    /// The load balancers sending to it.
    public var loadBalancerArns: [String]
}

/// What `CreateTargetGroup` makes: HTTP to instances on `port`, checked at `healthCheckPath`.
public struct ELBTargetGroupInput: Sendable {
    /// Name (at most 32 characters).
    public var name: String
    /// The instances' port.
    public var port: Int
    /// The VPC of the instances.
    public var vpcId: String
    /// The health check's path (`/health`).
    public var healthCheckPath: String
    /// Seconds between checks.
    public var healthCheckIntervalSeconds: Int
    /// Consecutive successes before healthy.
    public var healthyThreshold: Int
    /// Tags.
    public var tags: [String: String]

    /// An input; see the properties.
    public init(
        name: String, port: Int, vpcId: String, healthCheckPath: String = "/health",
        healthCheckIntervalSeconds: Int = 10, healthyThreshold: Int = 2, tags: [String: String] = [:]
    ) {
        self.name = name
        self.port = port
        self.vpcId = vpcId
        self.healthCheckPath = healthCheckPath
        self.healthCheckIntervalSeconds = healthCheckIntervalSeconds
        self.healthyThreshold = healthyThreshold
        self.tags = tags
    }
}

/// A target's health as the load balancer sees it.
public struct ELBTargetHealth: Sendable, Equatable {
    /// The instance id.
    public var targetId: String
    /// The port.
    public var port: Int?
    /// `initial`, `healthy`, `unhealthy`, `unused`, `draining`, `unavailable`.
    public var state: String
    /// AWS's reason code (`Target.FailedHealthChecks`, `Elb.InitialHealthChecking`), when not healthy.
    public var reason: String?
    /// AWS's explanation of the reason.
    public var description: String?
}

/// A listener rule: its priority, conditions and where it forwards.
public struct ELBRule: Sendable, Equatable {
    /// Its ARN.
    public var arn: String
    /// `1`...`50000`, or `default`.
    public var priority: String
    /// Whether it is the listener's default action.
    public var isDefault: Bool
    /// The path patterns of its `path-pattern` conditions.
    public var pathPatterns: [String]
    /// The target groups of its `forward` actions.
    public var targetGroupArns: [String]
    /// The status code of its `fixed-response` action, if it has one.
    public var fixedResponseStatus: String?
}

/// The tags of one resource.
public struct ELBResourceTags: Sendable, Equatable {
    /// Its ARN.
    public var arn: String
    /// Its tags.
    public var tags: [String: String]
}
