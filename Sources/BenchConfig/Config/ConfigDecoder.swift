/// Turns a parsed config document into an `ExperimentConfig`, checking every rule of the schema in one pass.
///
/// Members are checked in document order and the first problem is thrown, so the error a person sees is the first
/// one in the file; a missing required key is reported when its object ends, a duplicate or overlapping name or
/// path at its second occurrence. Unknown keys are errors everywhere, and `null` never stands for a default: an
/// optional key is left out to get its default.
struct ConfigDecoder {
    /// The providers the registry knows, in the order messages list them.
    let providers: [ProviderSchema]

    static let rootKeys = ["name", "description", "provider", "clusters", "load", "agents", "faults", "thresholds"]
    static let agentsKeys = [
        "spawn", "bind", "heartbeatInterval", "heartbeatLiveness", "phaseTimeout", "remote", "remoteTimeout", "keys",
        "insecure",
    ]

    /// The experiment described by the document at `root`.
    func experiment(_ root: ConfigNode) throws(ConfigError) -> ExperimentConfig {
        var name: String?
        var description = ""
        var provider: ProviderDraft?
        var clusters: [ClusterConfig]?
        var load: LoadConfig?
        var agents = AgentsConfig()
        var faults: [FaultDraft] = []
        var thresholds: [ThresholdDraft] = []
        for (key, node) in try root.members(expected: "an object at the top level") {
            switch key {
            case "name":
                let text = try node.string()
                if let problem = ConfigRules.experimentName(text) { throw node.error(problem) }
                name = text
            case "description": description = try node.string()
            case "provider": provider = try self.provider(node)
            case "clusters": clusters = try self.clusters(node)
            case "load": load = try self.load(node)
            case "agents": agents = try self.agents(node)
            case "faults": faults = try self.faults(node)
            case "thresholds": thresholds = try self.thresholds(node)
            default: throw node.unknownKey(expected: Self.rootKeys)
            }
        }
        guard let name else { throw root.missing("name") }
        guard let provider else { throw root.missing("provider") }
        guard let clusters else { throw root.missing("clusters") }
        guard let load else { throw root.missing("load") }
        try checkWarmConnections(load: load, clusters: clusters, in: root)
        return ExperimentConfig(
            name: name,
            description: description,
            provider: try provider.finished(clusters: clusters),
            clusters: clusters,
            load: load,
            agents: agents,
            faults: try checkFaults(faults, clusters: clusters),
            thresholds: try checkThresholds(thresholds, clusters: clusters)
        )
    }

    /// Connections opened before the start are the fast engine's: with `engine: "curl"` (libcurl opens connections
    /// as its requests need them) a workload that asks for them is refused rather than silently run without.
    private func checkWarmConnections(
        load: LoadConfig, clusters: [ClusterConfig], in root: ConfigNode
    ) throws(ConfigError) {
        guard load.engine == .curl else { return }
        let workloads = [("$.load", load.workload)] + clusters.enumerated().compactMap { index, cluster in
            cluster.load.map { ("$.clusters[\(index)].load", $0) }
        }
        for (path, workload) in workloads {
            guard case .open(let open) = workload, open.connections > 0 else { continue }
            throw ConfigError(
                file: root.file, path: path + ".open.connections",
                message: "connections opened before the start need the fast engine, but load.engine is \"curl\" "
                    + "(libcurl opens them as requests need them): remove one of the two")
        }
    }

    private func agents(_ node: ConfigNode) throws(ConfigError) -> AgentsConfig {
        var config = AgentsConfig()
        var bind: ConfigNode?
        var spawn: ConfigNode?
        for (key, child) in try node.members() {
            switch key {
            case "spawn":
                config.spawn = try child.int(in: 0...64)
                spawn = child
            case "bind":
                config.bind = try bindEndpoint(child)
                bind = child
            case "remote": config.remote = try child.int(in: 0...10_000)
            case "remoteTimeout": config.remoteTimeout = try child.duration(atLeast: "1s", atMost: "24h")
            case "keys": config.keys = try child.string()
            case "insecure":
                guard case .bool(let flag) = child.value else { throw child.mismatch(expected: "true or false") }
                config.insecure = flag
            case "heartbeatInterval": config.heartbeatInterval = try child.duration(atLeast: "10ms", atMost: "10s")
            case "heartbeatLiveness": config.heartbeatLiveness = try child.int(in: 2...100)
            case "phaseTimeout": config.phaseTimeout = try child.duration(atLeast: "1s", atMost: "48h")
            default: throw child.unknownKey(expected: Self.agentsKeys)
            }
        }
        if let spawn, config.spawn == 0, config.remote == 0 {
            throw spawn.error("expected at least one agent: spawn is 0 and no remote agents are expected")
        }
        if let bind, ZeroMQEndpoint.problem(config.bind) == .notLoopback, config.keys == nil, !config.insecure {
            throw bind.error(
                "cannot bind \(ConfigNode.quote(config.bind)) without CURVE: beyond loopback (127.x.x.x, localhost, "
                    + "[::1]) set agents.keys to a folder written by `coordinator keys`, or agents.insecure to true")
        }
        return config
    }

    private func bindEndpoint(_ node: ConfigNode) throws(ConfigError) -> String {
        let example = "a ZeroMQ endpoint such as \"tcp://127.0.0.1:0\""
        guard case .string(let text) = node.value else { throw node.mismatch(expected: example) }
        switch ZeroMQEndpoint.problem(text) {
        case nil, .notLoopback:
            return text
        case .malformed:
            throw node.error("expected \(example), found \(ConfigNode.quote(text))")
        case .badPort:
            throw node.error(
                "expected a ZeroMQ endpoint \"tcp://HOST:PORT\" with a PORT from 0 to 65535, found "
                    + ConfigNode.quote(text)
            )
        }
    }
}
