import StrictJSON

extension Workload {
    /// The workload as config members: `model` and the model's own key, in schema order.
    public func jsonMembers() -> JSONObject {
        switch self {
        case .flows(let flows):
            ["model": "flows", "flows": .array(flows.map { $0.json() })]
        case .closed(let closed):
            ["model": "closed", "closed": closed.json()]
        case .open(let open):
            ["model": "open", "open": open.json()]
        }
    }
}

extension ClosedLoad {
    /// The closed model's config object.
    public func json() -> JSONValue {
        switch limit {
        case .duration(let duration):
            ["connections": .int(Int64(connections)), "duration": .string(duration.configText)]
        case .requests(let count):
            ["connections": .int(Int64(connections)), "requests": .int(Int64(count))]
        }
    }
}

extension OpenLoad {
    /// The open model's config object, in the shape the config gave.
    public func json() -> JSONValue {
        var object: JSONObject
        switch shape {
        case .constant(let rate, let duration):
            object = ["rate": Self.number(rate), "duration": .string(duration.configText)]
        case .stages(let stages):
            object = [
                "stages": .array(
                    stages.map { ["rate": Self.number($0.rate), "duration": .string($0.duration.configText)] })
            ]
        case .ramp(let from, let to, let duration):
            object = [
                "ramp": ["from": Self.number(from), "to": Self.number(to), "duration": .string(duration.configText)]
            ]
        }
        object["maxInFlight"] = .int(Int64(maxInFlight))
        if connections > 0 { object["connections"] = .int(Int64(connections)) }
        return .object(object)
    }

    /// A rate as JSON: an integer when it is whole, so that it reads back the same.
    static func number(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 1e15 ? .int(Int64(value)) : .double(value)
    }
}
