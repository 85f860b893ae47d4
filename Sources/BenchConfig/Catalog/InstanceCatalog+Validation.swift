import StrictJSON

extension InstanceCatalog {
    /// Checks that every cluster of `config` names a type of this catalogue; `file` is the config file as the user
    /// named it. Run it right after `ConfigLoader.load`: the loader checks the shape of `instanceType`, this checks
    /// that the type exists.
    ///
    /// - Throws: for the first unknown type, a `ConfigError` at `$.clusters[i].instanceType` such as
    ///   `unknown instance type "m4.larg"; close matches: m4.large, m5.large (catalogue: config/instance-types.json)`.
    public func validate(_ config: ExperimentConfig, file: String) throws(ConfigError) {
        for (index, cluster) in config.clusters.enumerated() where type(named: cluster.instanceType) == nil {
            throw ConfigError(
                file: file,
                path: JSONPath.root.appending(key: "clusters").appending(index: index).appending(key: "instanceType")
                    .description,
                message: unknownTypeMessage(cluster.instanceType)
            )
        }
    }

    /// `unknown instance type "x"; close matches: a, b (catalogue: FILE)`, or `...; no close match among the N
    /// types (catalogue: FILE)`.
    public func unknownTypeMessage(_ name: String) -> String {
        let quoted = JSONValue.string(name).serialized(pretty: false)
        let matches = closeMatches(to: name)
        let hint =
            matches.isEmpty
            ? "no close match among the \(types.count) types" : "close matches: " + matches.joined(separator: ", ")
        return "unknown instance type \(quoted); \(hint) (catalogue: \(file))"
    }
}
