import AWS
import Foundation

/// Removes journaled (or swept) resources in dependency order: instances (terminated and waited for), unattached
/// volumes (a sweep's orphans; root volumes go with their instances), listener
/// rules, listeners, load balancers (which take any rules and listeners not journaled with them), target groups,
/// then security groups, retrying while AWS still reports a dependency. Not found counts as removed, so running it
/// twice is harmless.
struct AWSTeardown {
    /// The client, in the resources' region.
    var client: AWSClient
    /// Time between polls of instance states and security group retries.
    var pollInterval: Duration
    /// Longest wait for instances to terminate, and for security groups to be released.
    var timeout: Duration

    /// The order kinds are removed in.
    static let order = ["instance", "volume", "rule", "listener", "load-balancer", "target-group", "security-group"]

    /// Removes `entries`, newest first within a kind; logs each removal; returns what could not be removed
    /// (`kind id: reason`).
    func remove(_ entries: [AWSResourceJournal.Entry], log: (String) -> Void) -> [String] {
        var failures: [String] = []
        var seen = Set<String>()
        let unique = entries.reversed().filter { seen.insert($0.id).inserted }
        for kind in Self.order {
            let ids = unique.filter { $0.kind == kind }.map(\.id)
            guard !ids.isEmpty else { continue }
            switch kind {
            case "instance": failures += terminate(ids, log: log)
            case "security-group": failures += ids.compactMap { deleteGroup($0, log: log) }
            case "volume": failures += ids.compactMap { deleteVolume($0, log: log) }
            default: failures += ids.compactMap { deleteELB(kind, $0, log: log) }
            }
        }
        return failures
    }

    private func terminate(_ ids: [String], log: (String) -> Void) -> [String] {
        let ec2 = EC2(client: client)
        do {
            _ = try ec2.terminateInstances(ids: ids)
        } catch  where error.isNotFound {
            // Some are gone already: terminate the rest one by one.
            for id in ids { _ = try? ec2.terminateInstances(ids: [id]) }
        } catch {
            return ["instances \(ids.joined(separator: ", ")): \(error)"]
        }
        log("terminating \(ids.count) instance(s): \(ids.joined(separator: ", "))")
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let states: [EC2Instance]
            do {
                states = try ec2.describeInstances(ids: ids)
            } catch  where error.isNotFound {
                return []
            } catch {
                return ["instances \(ids.joined(separator: ", ")): \(error)"]
            }
            let running = states.filter { $0.state != "terminated" }
            if running.isEmpty {
                log("terminated \(ids.count) instance(s)")
                return []
            }
            if clock.now >= deadline || client.isCancelled() {
                return running.map { "instance \($0.id): still \($0.state)" }
            }
            Thread.sleep(forTimeInterval: pollInterval.seconds)
        }
    }

    private func deleteELB(_ kind: String, _ arn: String, log: (String) -> Void) -> String? {
        let elb = ELBv2(client: client)
        do {
            switch kind {
            case "rule":
                var parameters = QueryParameters(style: .member)
                parameters.set("RuleArn", arn)
                _ = try client.query(.elbv2, "DeleteRule", parameters)
            case "listener": try elb.deleteListener(arn: arn)
            case "target-group": try elb.deleteTargetGroup(arn: arn)
            case "load-balancer": try elb.deleteLoadBalancer(arn: arn)
            default: return "\(kind) \(arn): unknown kind"
            }
        } catch  where error.isNotFound {
            return nil
        } catch {
            return "\(kind) \(arn): \(error)"
        }
        log("deleted \(kind) \(arn)")
        return nil
    }

    /// Deletes a security group, retrying `DependencyViolation` (a load balancer's network interfaces linger for a
    /// while after it is deleted) until `timeout`.
    private func deleteVolume(_ id: String, log: (String) -> Void) -> String? {
        do {
            try EC2(client: client).deleteVolume(id: id)
            log("deleted volume \(id)")
            return nil
        } catch where error.isNotFound {
            return nil
        } catch {
            return "volume \(id): \(error)"
        }
    }

    private func deleteGroup(_ id: String, log: (String) -> Void) -> String? {
        let ec2 = EC2(client: client)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            do {
                try ec2.deleteSecurityGroup(groupId: id)
                log("deleted security-group \(id)")
                return nil
            } catch  where error.isNotFound {
                return nil
            } catch  where error.code == "DependencyViolation" && clock.now < deadline && !client.isCancelled() {
                Thread.sleep(forTimeInterval: pollInterval.seconds)
            } catch {
                return "security-group \(id): \(error)"
            }
        }
    }
}
