import AWS
import BenchConfig
import Foundation

/// Provisioning: network, security groups, the load balancer and its listener, per cluster a target group, a path
/// rule and the instances, each journaled the moment it exists. A failure half way removes what exists and names
/// the step that failed.
extension AWSProvider {
    /// A step of provisioning that failed: its name and why.
    struct StepFailure: Error {
        var step: String
        var reason: String
    }

    /// Creates everything the run needs and returns where each cluster is reached. After a failure everything
    /// already created is removed again before this throws `provisionFailed` naming the failed step.
    public func provision(_ config: ExperimentConfig) throws(ProviderError) -> Deployment {
        let settings = Self.settings(config)
        let client = try Self.client(settings, environment: options.environment, isCancelled: context.isCancelled)
        state.withLock {
            $0.client = client
            $0.region = client.configuration.region
            $0.settle = settings.metricsSettle
        }
        context.log("aws: region \(client.configuration.region), credentials \(client.configuration.credentials)")
        do {
            let deployment = try build(config, settings, client)
            state.withLock { $0.provisionedAt = Date() }
            return deployment
        } catch let failure as StepFailure {
            let created = journal.entries().count
            context.log("aws: \(failure.step) failed; removing the \(created) resources already created")
            teardown()
            if context.isCancelled() { throw .cancelled("provisioning on aws (\(failure.step))") }
            throw .provisionFailed(
                "aws: \(failure.step) failed: \(failure.reason); removed the \(created) resources already created")
        } catch let error as ProviderError {
            teardown()
            throw error
        } catch {
            teardown()
            throw .provisionFailed("aws: \(error)")
        }
    }

    /// Runs `body` as step `name`: checks the test hook and cancellation first, turns any error into a
    /// `StepFailure` naming the step.
    func step<T>(_ name: String, _ body: () throws -> T) throws -> T {
        if context.isCancelled() { throw StepFailure(step: name, reason: "cancelled") }
        if options.failAt == name {
            throw StepFailure(step: name, reason: "injected failure (CLUSTERBENCH_AWS_FAIL_AT=\(name))")
        }
        do {
            return try body()
        } catch let failure as StepFailure {
            throw failure
        } catch let error as AWSError where error.isAuthenticationFailure {
            let key = state.withLock { $0.client?.configuration.credentials.description ?? "" }
            throw StepFailure(step: name, reason: "AWS refused the credentials (\(key)): \(error)")
        } catch {
            throw StepFailure(step: name, reason: "\(error)")
        }
    }

    /// Appends one resource to the journal (fsynced) before anything uses it.
    func record(_ kind: String, _ id: String) throws {
        let region = state.withLock { $0.region }
        do {
            try journal.record(AWSResourceJournal.Entry(kind: kind, id: id, region: region))
        } catch {
            throw StepFailure(step: "journaling \(kind) \(id)", reason: error.description)
        }
    }

    private func build(_ config: ExperimentConfig, _ settings: AWSSettings, _ client: AWSClient) throws -> Deployment {
        let ec2 = EC2(client: client)
        let elb = ELBv2(client: client)
        let network = try step("network") {
            try AWSNetwork.choose(settings, types: config.clusters.map(\.instanceType), ec2: ec2)
        }
        context.log(
            "aws: vpc \(network.vpcId), subnets "
                + network.subnets.map { "\($0.id) (\($0.availabilityZone))" }.joined(separator: ", ")
        )
        let balancerGroup = try step("security-group:load-balancer") {
            let id = try ec2.createSecurityGroup(
                name: "clusterbench-\(context.runID)-lb", description: "ClusterBench \(context.runID): load balancer",
                vpcId: network.vpcId, tags: tags("clusterbench-\(context.runID)-lb"))
            try record("security-group", id)
            try ec2.authorizeSecurityGroupIngress(
                groupId: id, permissions: [EC2IPPermission(fromPort: 80, toPort: 80, cidrRanges: settings.ingressCIDRs)]
            )
            return id
        }
        let instanceGroup = try step("security-group:instances") {
            let id = try ec2.createSecurityGroup(
                name: "clusterbench-\(context.runID)-instances",
                description: "ClusterBench \(context.runID): instances, from the load balancer only",
                vpcId: network.vpcId, tags: tags("clusterbench-\(context.runID)-instances"))
            try record("security-group", id)
            try ec2.authorizeSecurityGroupIngress(
                groupId: id,
                permissions: [
                    EC2IPPermission(
                        fromPort: settings.appPort, toPort: settings.appPort, sourceGroupIds: [balancerGroup])
                ])
            return id
        }
        let balancer = try step("load-balancer") {
            let balancer = try elb.createLoadBalancer(
                name: shortName, subnetIds: network.subnets.map(\.id), securityGroupIds: [balancerGroup],
                tags: tags(shortName))
            try record("load-balancer", balancer.arn)
            return balancer
        }
        state.withLock { $0.loadBalancer = balancer }
        context.log("aws: load balancer \(balancer.name) at \(balancer.dnsName)")
        let listener = try step("listener") {
            let arn = try elb.createListener(loadBalancerArn: balancer.arn, tags: tags(shortName + "-http"))
            try record("listener", arn)
            return arn
        }
        let image = try step("image") {
            try settings.ami ?? SSM(client: client).getParameter(settings.amiParameter).Value
        }
        let launch = try launchTemplate(config, settings, securityGroup: instanceGroup, image: image)
        var clusters: [DeployedCluster] = []
        for (index, cluster) in config.clusters.enumerated() {
            clusters.append(
                try buildCluster(
                    cluster, index: index, network: network, balancer: balancer, listener: listener, launch: launch,
                    elb: elb, ec2: ec2, port: settings.appPort))
        }
        return Deployment(loadBalancerURL: "http://\(balancer.dnsName)", clusters: clusters)
    }

    private func buildCluster(
        _ cluster: ClusterConfig, index: Int, network: AWSNetwork, balancer: ELBLoadBalancer, listener: String,
        launch: LaunchTemplate, elb: ELBv2, ec2: EC2, port: Int
    ) throws -> DeployedCluster {
        let groupName = String("\(shortName)-\(index + 1)-\(cluster.name)".prefix(32))
            .map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") { $0.append($1) }
        let group = try step("target-group:\(cluster.name)") {
            let group = try elb.createTargetGroup(
                ELBTargetGroupInput(
                    name: groupName.hasSuffix("-") ? String(groupName.dropLast()) : groupName, port: port,
                    vpcId: network.vpcId, healthCheckPath: "/health",
                    tags: tags(groupName, ["clusterbench:cluster": cluster.name])))
            try record("target-group", group.arn)
            return group
        }
        state.withLock { $0.targetGroups[cluster.name] = group.arn }
        try step("rule:\(cluster.name)") {
            let arn = try elb.createRule(
                listenerArn: listener, priority: index + 1, pathPatterns: [cluster.path, cluster.path + "/*"],
                targetGroupArn: group.arn, tags: tags(groupName))
            try record("rule", arn)
        }
        let instances = try step("instances:\(cluster.name)") {
            try launchInstances(cluster, network: network, launch: launch, ec2: ec2)
        }
        state.withLock { $0.instances[cluster.name] = instances }
        try step("register:\(cluster.name)") {
            try elb.registerTargets(targetGroupArn: group.arn, instanceIds: instances.map(\.id))
        }
        context.log("aws: \(cluster.name): \(instances.count) x \(cluster.instanceType) in target group \(group.name)")
        return DeployedCluster(
            name: cluster.name, path: cluster.path, targetURL: "http://\(balancer.dnsName)\(cluster.path)",
            instances: instances.map { instance in
                DeployedInstance(
                    id: instance.id, endpoint: "\(instance.privateIPAddress ?? "?"):\(port)",
                    instanceType: instance.instanceType)
            })
    }

    /// What every instance of the run starts with, beside its type.
    struct LaunchTemplate {
        var image: String
        var securityGroup: String
        var userData: [String: String]
    }

    private func launchTemplate(
        _ config: ExperimentConfig, _ settings: AWSSettings, securityGroup: String, image: String
    ) throws -> LaunchTemplate {
        try step("user-data") {
            let root = context.projectRoot
            let app = try String(contentsOfFile: root + "/app/app.py", encoding: .utf8)
            let requirements = try String(contentsOfFile: root + "/app/requirements.txt", encoding: .utf8)
            let catalog = try InstanceCatalog.load(file: root + "/" + InstanceCatalog.defaultRelativePath)
            var scripts: [String: String] = [:]
            for cluster in config.clusters {
                guard let type = catalog.type(named: cluster.instanceType) else {
                    throw StepFailure(step: "user-data", reason: catalog.unknownTypeMessage(cluster.instanceType))
                }
                scripts[cluster.name] =
                    AWSUserData(
                        runID: context.runID, appSource: app, requirements: requirements,
                        shape: GunicornShape(vCPUs: type.vCPUs), port: settings.appPort,
                        selfDestructMinutes: Int(settings.selfDestruct.components.seconds / 60)
                    ).script
            }
            return LaunchTemplate(image: image, securityGroup: securityGroup, userData: scripts)
        }
    }

    /// Starts the cluster's instances spread over the subnets (the first zone takes the odd one), journaling each
    /// call's instances as soon as it returns.
    private func launchInstances(
        _ cluster: ClusterConfig, network: AWSNetwork, launch: LaunchTemplate, ec2: EC2
    ) throws -> [EC2Instance] {
        var instances: [EC2Instance] = []
        let subnets = network.subnets
        for (slot, subnet) in subnets.enumerated() {
            let count = cluster.count / subnets.count + (slot < cluster.count % subnets.count ? 1 : 0)
            guard count > 0 else { continue }
            let started = try ec2.runInstances(
                EC2RunInstancesInput(
                    imageId: launch.image, instanceType: cluster.instanceType, count: count, subnetId: subnet.id,
                    securityGroupIds: [launch.securityGroup], userData: launch.userData[cluster.name],
                    shutdownBehavior: "terminate",
                    tags: tags("\(context.runID)-\(cluster.name)", ["clusterbench:cluster": cluster.name]),
                    clientToken: "\(shortName)-\(cluster.name)-\(slot)"))
            for instance in started { try record("instance", instance.id) }
            instances += started
        }
        return instances
    }
}
