import Wire

extension ConfigDecoder {
    static let loadKeys = [
        "schedule", "model", "flows", "closed", "open", "requestTimeout", "reportInterval", "engine",
    ]
    static let flowKeys = ["name", "steps"]
    static let stepKeys = ["requests", "pause"]

    /// The load section: the workload every cluster receives and how it is timed.
    func load(_ node: ConfigNode) throws(ConfigError) -> LoadConfig {
        var config = LoadConfig(flows: [])
        var parts = WorkloadParts()
        for (key, child) in try node.members() {
            switch key {
            case "schedule":
                guard case .string(let text) = child.value, let schedule = LoadConfig.Schedule(rawValue: text) else {
                    throw child.mismatch(expected: "\"sequential\" or \"parallel\"")
                }
                config.schedule = schedule
            case "engine":
                guard case .string(let text) = child.value, let engine = EngineChoice(rawValue: text) else {
                    throw child.mismatch(expected: "\"auto\", \"fast\" or \"curl\"")
                }
                config.engine = engine
            case "requestTimeout": config.requestTimeout = try child.duration(above: "0s")
            case "reportInterval": config.reportInterval = try child.duration(atLeast: "100ms", atMost: "60s")
            default:
                guard try workloadMember(key, child, into: &parts) else {
                    throw child.unknownKey(expected: Self.loadKeys)
                }
            }
        }
        config.workload = try workload(parts, in: node)
        return config
    }

    /// The flows of the `flows` model: at least one, names unique.
    func flows(_ node: ConfigNode) throws(ConfigError) -> [FlowConfig] {
        let elements = try node.elements(expected: "an array of flows")
        guard !elements.isEmpty else { throw node.error("expected at least one flow, found an empty array") }
        var flows: [FlowConfig] = []
        for element in elements {
            flows.append(try flow(element, after: flows, in: node))
        }
        return flows
    }

    private func flow(
        _ node: ConfigNode,
        after earlier: [FlowConfig],
        in array: ConfigNode
    ) throws(ConfigError) -> FlowConfig {
        var name: String?
        var steps: [FlowStep]?
        for (key, child) in try node.members(expected: "a flow object") {
            switch key {
            case "name":
                let text = try child.string()
                if let problem = ConfigRules.label(text, kind: "flow") { throw child.error(problem) }
                if let index = earlier.firstIndex(where: { $0.name == text }) {
                    throw child.error(
                        "duplicate flow name \(ConfigNode.quote(text)) (also at \(Self.place(index, "name", array)))"
                    )
                }
                name = text
            case "steps":
                steps = try self.steps(child)
            default:
                throw child.unknownKey(expected: Self.flowKeys)
            }
        }
        guard let name else { throw node.missing("name") }
        guard let steps else { throw node.missing("steps") }
        return FlowConfig(name: name, steps: steps)
    }

    private func steps(_ node: ConfigNode) throws(ConfigError) -> [FlowStep] {
        let elements = try node.elements(expected: "an array of steps")
        guard !elements.isEmpty else { throw node.error("expected at least one step, found an empty array") }
        var steps: [FlowStep] = []
        for element in elements {
            steps.append(try step(element))
        }
        guard steps.contains(where: { if case .requests = $0 { true } else { false } }) else {
            throw node.error("expected at least one \"requests\" step, found only pauses")
        }
        return steps
    }

    private func step(_ node: ConfigNode) throws(ConfigError) -> FlowStep {
        let members = try node.members(expected: "a step such as {\"requests\": 100} or {\"pause\": \"10s\"}")
        guard members.count == 1, let (key, child) = members.first else {
            let found =
                members.isEmpty
                ? "an empty object" : "\(members.count) keys: " + members.map(\.key).joined(separator: ", ")
            throw node.error("expected a step with exactly one key, \"requests\" or \"pause\", found \(found)")
        }
        switch key {
        case "requests": return .requests(try child.int(in: 1...10_000_000))
        case "pause": return .pause(try child.duration(atMost: "24h"))
        default: throw child.unknownKey(expected: Self.stepKeys)
        }
    }
}
