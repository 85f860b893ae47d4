/// What the load balancer counted for one cluster since it started: its view, to reconcile with the clients'.
public struct BackendCounts: Sendable, Codable, Equatable {
    /// HTTP requests the cluster's backend received from clients (HAProxy `req_tot`; CloudWatch RequestCount).
    /// Health checks are not counted.
    public var requests: Int
    /// Requests each instance received, keyed by instance id (CloudWatch RequestCountPerTarget).
    public var perInstance: [String: Int]
    /// Instances the balancer considers up and whose last health check passed (CloudWatch HealthyHostCount).
    public var healthyInstances: Int

    /// Makes counts.
    public init(requests: Int, perInstance: [String: Int], healthyInstances: Int) {
        self.requests = requests
        self.perInstance = perInstance
        self.healthyInstances = healthyInstances
    }
}
