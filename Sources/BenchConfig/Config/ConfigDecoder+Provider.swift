extension ConfigDecoder {
    /// `provider.metricsPeriod`: a whole number of seconds from 1s to 1h.
    func metricsPeriod(_ node: ConfigNode) throws(ConfigError) -> Duration {
        let period = try node.duration(atLeast: "1s", atMost: "1h")
        guard period.components.attoseconds == 0 else {
            let text = node.value.stringValue ?? period.configText
            throw node.error(
                "expected a whole number of seconds such as \"1s\" or \"60s\", found \(ConfigNode.quote(text))")
        }
        return period
    }

    /// `provider.urls`: an object of cluster name to `http://` or `https://` URL.
    func providerURLs(_ node: ConfigNode) throws(ConfigError) -> [String: String] {
        var urls: [String: String] = [:]
        for (key, child) in try node.members(expected: "an object of cluster names and URLs") {
            let text = try child.string()
            if let problem = ConfigRules.targetURL(text) { throw child.error(problem) }
            urls[key] = text
        }
        return urls
    }

    /// Checks `provider.urls` against the provider and the clusters, once both are known: the static provider
    /// needs a URL for every cluster and no other; other providers take none.
    func checkProviderURLs(
        _ provider: ProviderConfig, at providerNode: ConfigNode, clusters: [ClusterConfig]
    ) throws(ConfigError) {
        let urlsNode = try providerNode.members().first { $0.key == "urls" }?.node
        guard provider.name == ProviderConfig.staticProviderName else {
            guard let urlsNode else { return }
            let name = ConfigNode.quote(provider.name)
            throw urlsNode.error("only the \"static\" provider takes \"urls\"; provider \(name) builds its own")
        }
        guard let urlsNode else { throw providerNode.missing("urls") }
        for (key, child) in try urlsNode.members() where !clusters.contains(where: { $0.name == key }) {
            throw child.error(
                "unknown cluster \(ConfigNode.quote(key)); clusters: " + clusters.map(\.name).joined(separator: ", ")
            )
        }
        for cluster in clusters where provider.urls[cluster.name] == nil {
            throw urlsNode.error("missing a URL for cluster \(ConfigNode.quote(cluster.name))")
        }
    }
}
