import BenchConfig

/// Where a provisioned experiment can be reached: the load balancer and, behind it, each cluster's instances.
public struct Deployment: Sendable, Codable, Equatable {
    /// The load balancer's base URL (`http://127.0.0.1:PORT`), without a trailing slash.
    public var loadBalancerURL: String
    /// The clusters, in the config's order.
    public var clusters: [DeployedCluster]

    /// Makes a deployment.
    public init(loadBalancerURL: String, clusters: [DeployedCluster]) {
        self.loadBalancerURL = loadBalancerURL
        self.clusters = clusters
    }

    /// The cluster named `name`, if any.
    public func cluster(named name: String) -> DeployedCluster? {
        clusters.first { $0.name == name }
    }
}

/// One cluster as deployed: the URL that load goes to and the instances that serve it.
public struct DeployedCluster: Sendable, Codable, Equatable {
    /// The cluster's name from the config (`cluster1`); also the load balancer's backend name.
    public var name: String
    /// The path the load balancer routes to this cluster (`/cluster1`).
    public var path: String
    /// Where to send this cluster's load: `loadBalancerURL + path`.
    public var targetURL: String
    /// The instances, in order (`cluster1-1`, `cluster1-2`, ...).
    public var instances: [DeployedInstance]

    /// Makes a deployed cluster.
    public init(name: String, path: String, targetURL: String, instances: [DeployedInstance]) {
        self.name = name
        self.path = path
        self.targetURL = targetURL
        self.instances = instances
    }
}

/// One instance (server) of a cluster.
public struct DeployedInstance: Sendable, Codable, Equatable {
    /// `<cluster>-<n>` (`cluster1-1`), counting from 1; also the load balancer's server name and the id the app
    /// answers with in `X-Instance-Id`.
    public var id: String
    /// `host:port` the instance listens on (`127.0.0.1:PORT`).
    public var endpoint: String
    /// The instance type it was made as (`m4.large`).
    public var instanceType: String
    /// How the provider shaped it to stand in for that type, and whether that was enforced; nil if the provider
    /// does not shape instances (they are what they are).
    public var profile: InstanceProfile?

    /// Makes a deployed instance.
    public init(id: String, endpoint: String, instanceType: String, profile: InstanceProfile? = nil) {
        self.id = id
        self.endpoint = endpoint
        self.instanceType = instanceType
        self.profile = profile
    }
}
