extension ConfigDecoder {
    /// The keys of one group of `thresholds`: what each limits.
    static let thresholdKeys = ThresholdConfig.Metric.allCases.map(\.rawValue)

    /// A threshold as read, with the node of its group's key, checked once the clusters are known.
    struct ThresholdDraft {
        var threshold: ThresholdConfig
        var groupNode: ConfigNode
    }

    /// The `thresholds` object: `"all"` or a cluster name, each to an object of limits
    /// (`{"all": {"p99": "200ms", "errorPercent": 1}, "cluster2": {"throughput": 100}}`).
    func thresholds(_ node: ConfigNode) throws(ConfigError) -> [ThresholdDraft] {
        var drafts: [ThresholdDraft] = []
        for (group, groupNode) in try node.members(expected: "an object of threshold groups (\"all\" or a cluster)") {
            let members = try groupNode.members(expected: "an object of limits such as {\"p99\": \"200ms\"}")
            if members.isEmpty { throw groupNode.error("expected at least one limit, found an empty object") }
            for (key, child) in members {
                guard let metric = ThresholdConfig.Metric(rawValue: key) else {
                    throw child.unknownKey(expected: Self.thresholdKeys)
                }
                let limit: Double
                switch metric {
                case .errorPercent: limit = try child.number(atLeast: 0, atMost: 100)
                case .throughput: limit = try child.number(above: 0)
                default:
                    let duration = try child.duration(above: "0s", atMost: "1h")
                    limit = Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
                }
                drafts.append(ThresholdDraft(
                    threshold: ThresholdConfig(cluster: group == "all" ? nil : group, metric: metric, limit: limit),
                    groupNode: groupNode))
            }
        }
        return drafts
    }

    /// Refuses a group named after no cluster.
    func checkThresholds(_ drafts: [ThresholdDraft], clusters: [ClusterConfig]) throws(ConfigError)
        -> [ThresholdConfig]
    {
        for draft in drafts {
            guard let name = draft.threshold.cluster, !clusters.contains(where: { $0.name == name }) else { continue }
            let names = (["all"] + clusters.map(\.name)).map { "\"\($0)\"" }.joined(separator: ", ")
            throw draft.groupNode.error("threshold group \"\(name)\" is not a cluster; expected one of: \(names)")
        }
        return drafts.map(\.threshold)
    }
}
