extension ConfigDecoder {
    static let clusterKeys = ["name", "path", "instanceType", "count", "load"]

    /// The clusters: at least one, names and paths unique, no path under another.
    func clusters(_ node: ConfigNode) throws(ConfigError) -> [ClusterConfig] {
        let elements = try node.elements(expected: "an array of clusters")
        guard !elements.isEmpty else { throw node.error("expected at least one cluster, found an empty array") }
        var clusters: [ClusterConfig] = []
        for element in elements {
            clusters.append(try cluster(element, after: clusters, in: node))
        }
        return clusters
    }

    /// One cluster, checked against the clusters before it (which sit at the same indexes under `array`).
    private func cluster(
        _ node: ConfigNode,
        after earlier: [ClusterConfig],
        in array: ConfigNode
    ) throws(ConfigError) -> ClusterConfig {
        var name: String?
        var path: String?
        var instanceType: String?
        var count: Int?
        var load: Workload?
        for (key, child) in try node.members(expected: "a cluster object") {
            switch key {
            case "name":
                let text = try child.string()
                if let problem = ConfigRules.label(text, kind: "cluster") { throw child.error(problem) }
                if let index = earlier.firstIndex(where: { $0.name == text }) {
                    throw child.error(
                        "duplicate cluster name \(ConfigNode.quote(text)) (also at \(Self.place(index, "name", array)))"
                    )
                }
                name = text
            case "path":
                let text = try child.string()
                if let problem = ConfigRules.clusterPath(text) { throw child.error(problem) }
                try checkOverlap(text, at: child, with: earlier, in: array)
                path = text
            case "instanceType":
                let text = try child.string()
                if let problem = ConfigRules.instanceType(text) { throw child.error(problem) }
                instanceType = text
            case "count":
                count = try child.int(in: 1...64)
            case "load":
                load = try clusterWorkload(child)
            default:
                throw child.unknownKey(expected: Self.clusterKeys)
            }
        }
        guard let name else { throw node.missing("name") }
        guard let path else { throw node.missing("path") }
        guard let instanceType else { throw node.missing("instanceType") }
        guard let count else { throw node.missing("count") }
        return ClusterConfig(name: name, path: path, instanceType: instanceType, count: count, load: load)
    }

    /// Refuses a path that another cluster already has, or that lies under or above another's: the load balancer
    /// routes a path and everything below it, so it could not send both to their clusters.
    private func checkOverlap(
        _ path: String,
        at node: ConfigNode,
        with earlier: [ClusterConfig],
        in array: ConfigNode
    ) throws(ConfigError) {
        for (index, other) in earlier.enumerated() {
            let place = Self.place(index, "path", array)
            let (this, that) = (ConfigNode.quote(path), ConfigNode.quote(other.path))
            if other.path == path {
                throw node.error("duplicate cluster path \(this) (also at \(place))")
            }
            if ConfigRules.isSegmentPrefix(other.path, of: path) {
                throw node.error(
                    "cluster path \(this) lies under \(that) (at \(place)): the load balancer could not route both"
                )
            }
            if ConfigRules.isSegmentPrefix(path, of: other.path) {
                throw node.error(
                    "cluster path \(this) contains \(that) (at \(place)): the load balancer could not route both"
                )
            }
        }
    }

    /// The JSON path of member `key` of element `index` of `array`, for "also at" notes.
    static func place(_ index: Int, _ key: String, _ array: ConfigNode) -> String {
        array.path.appending(index: index).appending(key: key).description
    }
}
