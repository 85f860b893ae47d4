extension ConfigDecoder {
    static let faultKeys = ["at", "cluster", "instance", "action", "for"]

    /// A fault as read, with the nodes of the values that can only be checked once the clusters are known.
    struct FaultDraft {
        var fault: FaultConfig
        var clusterNode: ConfigNode
        var instanceNode: ConfigNode
    }

    /// The `faults` array, checked on its own; `checkFaults` checks it against the clusters afterwards.
    func faults(_ node: ConfigNode) throws(ConfigError) -> [FaultDraft] {
        var drafts: [FaultDraft] = []
        for element in try node.elements(expected: "an array of faults") {
            drafts.append(try fault(element))
        }
        return drafts
    }

    private func fault(_ node: ConfigNode) throws(ConfigError) -> FaultDraft {
        var at: Duration?
        var cluster: (String, ConfigNode)?
        var instance: (Int, ConfigNode)?
        var action: FaultConfig.Action?
        var duration: (Duration, ConfigNode)?
        for (key, child) in try node.members(expected: "a fault object") {
            switch key {
            case "at": at = try child.duration(atMost: "24h")
            case "cluster": cluster = (try child.string(), child)
            case "instance": instance = (try child.int(in: 1...64), child)
            case "action":
                guard case .string(let text) = child.value, let value = FaultConfig.Action(rawValue: text) else {
                    throw child.mismatch(expected: "\"kill\" or \"pause\"")
                }
                action = value
            case "for": duration = (try child.duration(above: "0s", atMost: "24h"), child)
            default: throw child.unknownKey(expected: Self.faultKeys)
            }
        }
        guard let at else { throw node.missing("at") }
        guard let cluster else { throw node.missing("cluster") }
        guard let instance else { throw node.missing("instance") }
        guard let action else { throw node.missing("action") }
        if let (_, forNode) = duration, action == .kill {
            throw forNode.error("only a \"pause\" lasts \"for\" a while; a \"kill\" lasts until the end of the run")
        }
        return FaultDraft(
            fault: FaultConfig(at: at, cluster: cluster.0, instance: instance.0, action: action, duration: duration?.0),
            clusterNode: cluster.1,
            instanceNode: instance.1
        )
    }

    /// Checks each fault against the clusters: the cluster exists and has the instance.
    func checkFaults(_ drafts: [FaultDraft], clusters: [ClusterConfig]) throws(ConfigError) -> [FaultConfig] {
        for draft in drafts {
            guard let cluster = clusters.first(where: { $0.name == draft.fault.cluster }) else {
                throw draft.clusterNode.error(
                    "unknown cluster \(ConfigNode.quote(draft.fault.cluster)); clusters: "
                        + clusters.map(\.name).joined(separator: ", ")
                )
            }
            guard draft.fault.instance <= cluster.count else {
                throw draft.instanceNode.error(
                    "expected an instance number from 1 to \(cluster.count) (\(cluster.name) has \(cluster.count) "
                        + "instance\(cluster.count == 1 ? "" : "s")), found \(draft.fault.instance)"
                )
            }
        }
        return drafts.map(\.fault)
    }
}
