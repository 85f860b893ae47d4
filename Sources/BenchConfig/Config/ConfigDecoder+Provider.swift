import StrictJSON

extension ConfigDecoder {
    /// The `provider` object before the clusters are known: the shared keys decoded, the provider's own members
    /// set aside (each checked to be one of its schema's keys) for its decoder.
    struct ProviderDraft {
        var config: ProviderConfig
        var schema: ProviderSchema
        var node: ConfigNode
        var ownMembers: [(key: String, node: ConfigNode)]

        /// The provider's settings, decoded by the provider itself now that the clusters are known.
        func finished(clusters: [ClusterConfig]) throws(ConfigError) -> ProviderConfig {
            var config = config
            config.settings = try schema.decode(ProviderSection(node: node, members: ownMembers, clusters: clusters))
            return config
        }
    }

    /// Reads `provider`: `name` first (whatever its place), then every other member in document order.
    func provider(_ node: ConfigNode) throws(ConfigError) -> ProviderDraft {
        let members = try node.members()
        guard let nameNode = members.first(where: { $0.key == "name" })?.node else { throw node.missing("name") }
        let name = try nameNode.string()
        guard let schema = providers.first(where: { $0.name == name }) else {
            let registered = providers.isEmpty ? "none" : providers.map(\.name).joined(separator: ", ")
            throw nameNode.error("unknown provider \(ConfigNode.quote(name)); registered: \(registered)")
        }
        var draft = ProviderDraft(config: ProviderConfig(name: name), schema: schema, node: node, ownMembers: [])
        for (key, child) in members {
            switch key {
            case "name": continue
            case "healthTimeout": draft.config.healthTimeout = try child.duration(above: "0s")
            case "metricsPeriod": draft.config.metricsPeriod = try metricsPeriod(child)
            case _ where schema.keys.contains(key): draft.ownMembers.append((key, child))
            default: throw unknownProviderKey(child, key: key, schema: schema)
            }
        }
        return draft
    }

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

    /// An unknown key in `provider`, with the keys this provider takes and, when another provider takes the key,
    /// which one (`"urls"` is a setting of the `static` provider).
    private func unknownProviderKey(_ node: ConfigNode, key: String, schema: ProviderSchema) -> ConfigError {
        let owners = providers.filter { $0.keys.contains(key) }.map { ConfigNode.quote($0.name) }
        guard !owners.isEmpty else { return node.unknownKey(expected: ProviderConfig.sharedKeys + schema.keys) }
        return node.error(
            "provider \(ConfigNode.quote(schema.name)) takes no \(ConfigNode.quote(key)); it is a setting of provider "
                + owners.joined(separator: ", "))
    }
}
