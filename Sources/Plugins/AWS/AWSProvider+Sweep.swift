import AWS
import BenchConfig
import Foundation

/// `coordinator teardown --sweep aws` and `coordinator run --reuse`: finding resources by tag, not by journal.
extension AWSProvider {
    /// Finds every instance (not terminated), unattached volume, security group, load balancer and target group
    /// tagged `clusterbench:run` in the environment's region, lists each, and unless `dryRun` removes them in dependency
    /// order (a load balancer takes its listeners and rules with it).
    public static func sweep(dryRun: Bool, log: (String) -> Void) throws(ProviderError) -> Int {
        let client = try client(AWSSettings(), environment: .current())
        let found: [AWSResourceJournal.Entry]
        do {
            found = try tagged(client)
        } catch {
            throw .provisionFailed("aws: cannot list tagged resources: \(error)")
        }
        let region = client.configuration.region
        log("aws: \(found.count) resource(s) tagged \(runTagKey) in \(region)")
        for entry in found { log("  \(entry.kind) \(entry.id)") }
        guard !dryRun, !found.isEmpty else { return found.count }
        let failures = AWSTeardown(client: client, pollInterval: .seconds(2), timeout: .seconds(900))
            .remove(found) { log("aws: \($0)") }
        for failure in failures { log("aws: could not remove \(failure)") }
        if !failures.isEmpty {
            throw .provisionFailed("aws: \(failures.count) tagged resource(s) could not be removed")
        }
        return found.count
    }

    /// Every live resource tagged `clusterbench:run`, in creation order (groups, balancers, target groups,
    /// instances, unattached volumes), as journal entries.
    static func tagged(_ client: AWSClient) throws(AWSError) -> [AWSResourceJournal.Entry] {
        let region = client.configuration.region
        let ec2 = EC2(client: client)
        let elb = ELBv2(client: client)
        func entry(_ kind: String, _ id: String) -> AWSResourceJournal.Entry {
            AWSResourceJournal.Entry(kind: kind, id: id, region: region)
        }
        var entries = try ec2.describeSecurityGroups(filters: [EC2Filter("tag-key", [runTagKey])]).map {
            entry("security-group", $0.id)
        }
        let balancers = try elb.describeLoadBalancers().map(\.arn)
        let groups = try elb.describeTargetGroups().map(\.arn)
        var marked = Set<String>()
        let arns = balancers + groups
        var index = 0
        while index < arns.count {
            let part = Array(arns[index..<min(arns.count, index + 20)])
            for resource in try elb.describeTags(arns: part) where resource.tags[runTagKey] != nil {
                marked.insert(resource.arn)
            }
            index += 20
        }
        entries += balancers.filter(marked.contains).map { entry("load-balancer", $0) }
        entries += groups.filter(marked.contains).map { entry("target-group", $0) }
        let instances = try ec2.describeInstances(filters: [
            EC2Filter("tag-key", [runTagKey]),
            EC2Filter("instance-state-name", ["pending", "running", "stopping", "stopped", "shutting-down"]),
        ])
        entries += instances.map { entry("instance", $0.id) }
        // Root volumes are tagged at launch and go with their instances; one left unattached is an orphan.
        let volumes = try ec2.describeVolumes(filters: [
            EC2Filter("tag-key", [runTagKey]), EC2Filter("status", ["available", "creating", "error"]),
        ])
        entries += volumes.map { entry("volume", $0.id) }
        return entries
    }

    /// Takes over what `coordinator provision` left in `runDirectory`: the client, the load balancer and each
    /// cluster's target group (by its `clusterbench:cluster` tag), from the run's journal.
    public func attach(_ deployment: Deployment, runDirectory: String, config: ExperimentConfig) throws(ProviderError) {
        let entries = AWSResourceJournal(runDirectory: runDirectory).entries()
        var settings = Self.settings(config)
        if let region = entries.first?.region { settings.region = region }
        let client = try Self.client(settings, environment: options.environment, isCancelled: context.isCancelled)
        let elb = ELBv2(client: client)
        let groupArns = entries.filter { $0.kind == "target-group" }.map(\.id)
        guard let balancerArn = entries.first(where: { $0.kind == "load-balancer" })?.id, !groupArns.isEmpty else {
            throw .invalidConfig("\(runDirectory)/aws-resources.jsonl lists no load balancer and target groups")
        }
        let balancer: ELBLoadBalancer?
        var groups: [String: String] = [:]
        do {
            balancer = try elb.describeLoadBalancers(arns: [balancerArn]).first
            for resource in try elb.describeTags(arns: groupArns) {
                if let cluster = resource.tags["clusterbench:cluster"] { groups[cluster] = resource.arn }
            }
        } catch {
            throw .provisionFailed("aws: cannot take over the deployment of \(runDirectory): \(error)")
        }
        guard let balancer else { throw .invalidConfig("aws: the load balancer of \(runDirectory) is gone") }
        state.withLock {
            $0.client = client
            $0.region = client.configuration.region
            $0.loadBalancer = balancer
            $0.targetGroups = groups
            $0.provisionedAt = Date()
            $0.settle = settings.metricsSettle
        }
    }
}
