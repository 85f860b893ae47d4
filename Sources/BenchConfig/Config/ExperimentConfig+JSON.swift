import StrictJSON

extension ExperimentConfig {
    /// The resolved config as JSON, every default filled in and keys in schema order, for the run folder;
    /// `ConfigLoader` reads it back to an equal value.
    public func json() -> JSONValue {
        var object: JSONObject = [
            "name": .string(name),
            "description": .string(description),
            "provider": provider.json(),
            "clusters": .array(clusters.map { $0.json() }),
            "load": load.json(),
            "agents": agents.json(),
            "faults": .array(faults.map { $0.json() }),
        ]
        if !thresholds.isEmpty { object["thresholds"] = thresholds.json() }
        return .object(object)
    }
}

extension AgentsConfig {
    /// The agents section as its config object; `phaseTimeout` only when set.
    public func json() -> JSONValue {
        var object: JSONObject = [
            "spawn": .int(Int64(spawn)),
            "bind": .string(bind),
            "heartbeatInterval": .string(heartbeatInterval.configText),
            "heartbeatLiveness": .int(Int64(heartbeatLiveness)),
        ]
        if let phaseTimeout { object["phaseTimeout"] = .string(phaseTimeout.configText) }
        if remote > 0 {
            object["remote"] = .int(Int64(remote))
            object["remoteTimeout"] = .string(remoteTimeout.configText)
        }
        if let keys { object["keys"] = .string(keys) }
        if insecure { object["insecure"] = .bool(true) }
        return .object(object)
    }
}

extension ProviderConfig {
    /// The provider section as its config object: the shared keys, then the provider's own.
    public func json() -> JSONValue {
        var object: JSONObject = [
            "name": .string(name),
            "healthTimeout": .string(healthTimeout.configText),
            "metricsPeriod": .string(metricsPeriod.configText),
        ]
        for member in settings.jsonMembers() { object[member.key] = member.value }
        return .object(object)
    }
}

extension ClusterConfig {
    /// The cluster as its config object.
    public func json() -> JSONValue {
        var object: JSONObject = [
            "name": .string(name),
            "path": .string(path),
            "instanceType": .string(instanceType),
            "count": .int(Int64(count)),
        ]
        if let load { object["load"] = .object(load.jsonMembers()) }
        return .object(object)
    }
}

extension LoadConfig {
    /// The load section as its config object.
    public func json() -> JSONValue {
        var object: JSONObject = ["schedule": .string(schedule.rawValue)]
        for member in workload.jsonMembers() { object[member.key] = member.value }
        object["requestTimeout"] = .string(requestTimeout.configText)
        object["reportInterval"] = .string(reportInterval.configText)
        if engine != .auto { object["engine"] = .string(engine.rawValue) }
        return .object(object)
    }
}

extension FlowConfig {
    /// The flow as its config object.
    public func json() -> JSONValue {
        ["name": .string(name), "steps": .array(steps.map { $0.json() })]
    }
}

extension FlowStep {
    /// The step as its one-key config object.
    public func json() -> JSONValue {
        switch self {
        case .requests(let count): ["requests": .int(Int64(count))]
        case .pause(let duration): ["pause": .string(duration.configText)]
        }
    }
}
