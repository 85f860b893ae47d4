import Wire

/// The workload keys (`model`, `flows`, `closed`, `open`) as met in an object, in document order, before they are
/// checked against each other.
struct WorkloadParts {
    var model: LoadModelKind?
    var flows: [FlowConfig]?
    var closed: ClosedLoad?
    var open: OpenLoad?
    /// The model-specific keys met, with their nodes, in document order.
    var modelKeys: [(model: LoadModelKind, node: ConfigNode)] = []
}

extension ConfigDecoder {
    static let clusterLoadKeys = ["model", "flows", "closed", "open"]
    static let closedKeys = ["connections", "duration", "requests"]
    static let openKeys = ["rate", "duration", "stages", "ramp", "maxInFlight", "connections"]
    static let stageKeys = ["rate", "duration"]
    static let rampKeys = ["from", "to", "duration"]
    /// The highest rate a config may ask for, in requests per second.
    static let maximumRate = 1_000_000

    /// Reads `key` into `parts` if it is one of the workload keys; false if it is not.
    func workloadMember(_ key: String, _ node: ConfigNode, into parts: inout WorkloadParts) throws(ConfigError) -> Bool {
        switch key {
        case "model":
            guard case .string(let text) = node.value, let model = LoadModelKind(rawValue: text) else {
                throw node.mismatch(expected: "\"flows\", \"closed\" or \"open\"")
            }
            parts.model = model
        case "flows":
            parts.flows = try flows(node)
            parts.modelKeys.append((.flows, node))
        case "closed":
            parts.closed = try closed(node)
            parts.modelKeys.append((.closed, node))
        case "open":
            parts.open = try open(node)
            parts.modelKeys.append((.open, node))
        default:
            return false
        }
        return true
    }

    /// The workload the parts of the object at `node` describe: the model (default `flows`) and its key, and no key
    /// of another model.
    func workload(_ parts: WorkloadParts, in node: ConfigNode) throws(ConfigError) -> Workload {
        let model = parts.model ?? .flows
        if let stray = parts.modelKeys.first(where: { $0.model != model }) {
            let implied = parts.model == nil ? " (the default)" : ""
            throw stray.node.error(
                "key \(ConfigNode.quote(stray.model.rawValue)) needs \"model\": \(ConfigNode.quote(stray.model.rawValue)); "
                    + "the model here is \(ConfigNode.quote(model.rawValue))\(implied)"
            )
        }
        switch model {
        case .flows:
            guard let flows = parts.flows else { throw node.missing("flows") }
            return .flows(flows)
        case .closed:
            guard let closed = parts.closed else { throw node.missing("closed") }
            return .closed(closed)
        case .open:
            guard let open = parts.open else { throw node.missing("open") }
            return .open(open)
        }
    }

    /// `clusters[i].load`: a workload that replaces the load section's for one cluster.
    func clusterWorkload(_ node: ConfigNode) throws(ConfigError) -> Workload {
        var parts = WorkloadParts()
        for (key, child) in try node.members() {
            guard try workloadMember(key, child, into: &parts) else {
                throw child.unknownKey(expected: Self.clusterLoadKeys)
            }
        }
        return try workload(parts, in: node)
    }

    private func closed(_ node: ConfigNode) throws(ConfigError) -> ClosedLoad {
        var connections: Int?
        var limit: ClosedLoad.Limit?
        for (key, child) in try node.members() {
            switch key {
            case "connections": connections = try child.int(in: 1...10_000)
            case "duration", "requests":
                if limit != nil {
                    throw child.error("expected exactly one of \"duration\" and \"requests\", found both")
                }
                limit =
                    key == "duration"
                    ? .duration(try child.duration(above: "0s", atMost: "24h"))
                    : .requests(try child.int(in: 1...100_000_000))
            default: throw child.unknownKey(expected: Self.closedKeys)
            }
        }
        guard let connections else { throw node.missing("connections") }
        guard let limit else { throw node.error("expected one of \"duration\" and \"requests\", found neither") }
        return ClosedLoad(connections: connections, limit: limit)
    }

    private func open(_ node: ConfigNode) throws(ConfigError) -> OpenLoad {
        var rate: Double?
        var duration: Duration?
        var shape: OpenLoad.Shape?
        var shapeKey: String?
        var maxInFlight = OpenLoad.defaultMaxInFlight
        var connections: (count: Int, node: ConfigNode)?
        func claim(_ key: String, _ child: ConfigNode) throws(ConfigError) {
            let group = key == "duration" ? "rate" : key
            if let shapeKey, shapeKey != group {
                throw child.error(
                    "expected only one of \"rate\" (with \"duration\"), \"stages\" and \"ramp\", found "
                        + "\(ConfigNode.quote(key)) after \(ConfigNode.quote(shapeKey))"
                )
            }
            shapeKey = group
        }
        for (key, child) in try node.members() {
            switch key {
            case "rate":
                try claim(key, child)
                rate = try child.number(above: 0, atMost: Double(Self.maximumRate))
            case "duration":
                try claim(key, child)
                duration = try child.duration(above: "0s", atMost: "24h")
            case "stages":
                try claim(key, child)
                shape = .stages(try stages(child))
            case "ramp":
                try claim(key, child)
                shape = try ramp(child)
            case "maxInFlight": maxInFlight = try child.int(in: 1...100_000)
            case "connections": connections = (try child.int(in: 0...100_000), child)
            default: throw child.unknownKey(expected: Self.openKeys)
            }
        }
        if shapeKey == "rate" {
            guard let rate else { throw node.missing("rate") }
            guard let duration else { throw node.missing("duration") }
            shape = .constant(rate: rate, duration: duration)
        }
        guard let shape else {
            throw node.error("expected \"rate\" with \"duration\", \"stages\" or \"ramp\", found none of them")
        }
        if let connections, connections.count > maxInFlight {
            throw connections.node.error(
                "expected at most maxInFlight (\(maxInFlight)) connections, found \(connections.count): every "
                    + "connection carries one request at a time, so more could never be used")
        }
        return OpenLoad(shape: shape, maxInFlight: maxInFlight, connections: connections?.count ?? 0)
    }

    private func stages(_ node: ConfigNode) throws(ConfigError) -> [RateStage] {
        let elements = try node.elements(expected: "an array of stages")
        guard !elements.isEmpty else { throw node.error("expected at least one stage, found an empty array") }
        guard elements.count <= 1000 else { throw node.error("expected at most 1000 stages, found \(elements.count)") }
        var stages: [RateStage] = []
        for element in elements {
            var rate: Double?
            var duration: Duration?
            for (key, child) in try element.members(expected: "a stage such as {\"rate\": 100, \"duration\": \"10s\"}") {
                switch key {
                case "rate": rate = try child.number(above: 0, atMost: Double(Self.maximumRate))
                case "duration": duration = try child.duration(above: "0s", atMost: "24h")
                default: throw child.unknownKey(expected: Self.stageKeys)
                }
            }
            guard let rate else { throw element.missing("rate") }
            guard let duration else { throw element.missing("duration") }
            stages.append(RateStage(rate: rate, duration: duration))
        }
        return stages
    }

    private func ramp(_ node: ConfigNode) throws(ConfigError) -> OpenLoad.Shape {
        var from: Double?
        var to: Double?
        var duration: Duration?
        for (key, child) in try node.members(expected: "a ramp such as {\"from\": 10, \"to\": 100, \"duration\": \"30s\"}") {
            switch key {
            case "from": from = try child.number(atLeast: 0, atMost: Double(Self.maximumRate))
            case "to": to = try child.number(atLeast: 0, atMost: Double(Self.maximumRate))
            case "duration": duration = try child.duration(above: "0s", atMost: "24h")
            default: throw child.unknownKey(expected: Self.rampKeys)
            }
        }
        guard let from else { throw node.missing("from") }
        guard let to else { throw node.missing("to") }
        guard let duration else { throw node.missing("duration") }
        guard from > 0 || to > 0 else { throw node.error("expected a ramp with a rate above 0 at one end, found 0 to 0") }
        return .ramp(from: from, to: to, duration: duration)
    }
}
