import AWS
import BenchConfig
import Foundation

/// The health wait and the balancer's counts.
extension AWSProvider {
    /// Polls every target group's target health until every target is healthy (`Options.healthyStates`), logging
    /// each change; after `timeout` throws `unhealthy` naming each target that is not, with AWS's state, reason code
    /// and description.
    public func waitUntilHealthy(_ deployment: Deployment, timeout: Duration) throws(ProviderError) {
        let (client, groups) = state.withLock { ($0.client, $0.targetGroups) }
        guard let client else { throw .unhealthy("aws: nothing was provisioned") }
        let elb = ELBv2(client: client)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var lastLine = ""
        while true {
            if context.isCancelled() { throw .cancelled("waiting for the aws targets to become healthy") }
            var unhealthy: [String] = []
            var counts: [String] = []
            for cluster in deployment.clusters {
                guard let arn = groups[cluster.name] else { continue }
                let health: [ELBTargetHealth]
                do {
                    health = try elb.describeTargetHealth(targetGroupArn: arn)
                } catch {
                    if context.isCancelled() { throw .cancelled("waiting for the aws targets to become healthy") }
                    throw .unhealthy("aws: cannot read the target health of \(cluster.name): \(error)")
                }
                let bad = health.filter { !options.healthyStates.contains($0.state) }
                counts.append("\(cluster.name) \(health.count - bad.count)/\(cluster.instances.count)")
                unhealthy += bad.map { target in
                    let why = [target.reason, target.description].compactMap { $0 }.joined(separator: ": ")
                    return "\(cluster.name) \(target.targetId) \(target.state)" + (why.isEmpty ? "" : " (\(why))")
                }
                let registered = Set(health.map(\.targetId))
                unhealthy += cluster.instances.filter { !registered.contains($0.id) }.map {
                    "\(cluster.name) \($0.id) not registered"
                }
            }
            let line = "aws: healthy targets: " + counts.joined(separator: ", ")
            if line != lastLine {
                context.log(line)
                lastLine = line
            }
            if unhealthy.isEmpty { return }
            if clock.now >= deadline {
                throw .unhealthy(
                    "aws: \(unhealthy.count) target(s) not healthy after \(timeout.configText): "
                        + unhealthy.joined(separator: "; "))
            }
            guard pause(min(options.pollInterval, deadline - clock.now)) else {
                throw .cancelled("waiting for the aws targets to become healthy")
            }
        }
    }

    /// Each cluster's RequestCount from CloudWatch since provisioning (after the settle wait) and its healthy
    /// targets now; CloudWatch has no per-target count, so `perInstance` is empty.
    public func loadBalancerCounts() throws(ProviderError) -> [String: BackendCounts] {
        let (client, groups, since) = state.withLock { ($0.client, $0.targetGroups, $0.provisionedAt) }
        guard let client, let since, let collector = metricsCollector as? CloudWatchCollector else {
            throw .metricsUnavailable("aws: nothing was provisioned")
        }
        let now = Date().timeIntervalSince1970
        let window = MetricsWindow(start: since.timeIntervalSince1970, end: now, periodSeconds: 60)
        let totals = try collector.requestTotals(window)
        var counts: [String: BackendCounts] = [:]
        let elb = ELBv2(client: client)
        for (cluster, arn) in groups {
            let healthy =
                (try? elb.describeTargetHealth(targetGroupArn: arn))?
                .filter { options.healthyStates.contains($0.state) }.count ?? 0
            counts[cluster] = BackendCounts(
                requests: Int(totals[cluster] ?? 0), perInstance: [:], healthyInstances: healthy)
        }
        return counts
    }
}
