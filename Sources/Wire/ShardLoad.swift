/// One target's load in a shard: the model and this agent's part of it.
///
/// On the wire: `{"model": "flows", "flows": [...]}`, `{"model": "closed", "closed": {...}}` or
/// `{"model": "open", "open": {...}}`; the key of another model is refused.
public enum ShardLoad: Codable, Sendable, Equatable {
    /// Flows dealt to this agent, each one request at a time.
    case flows([ShardFlow])
    /// This agent's connections and requests or duration.
    case closed(ShardClosed)
    /// This agent's arrivals of the cluster's schedule.
    case open(ShardOpen)

    /// The model's name.
    public var model: LoadModelKind {
        switch self {
        case .flows: .flows
        case .closed: .closed
        case .open: .open
        }
    }

    /// Requests this part asks for (for open: arrivals, sent or dropped); nil for a timed closed load.
    public var requestCount: Int? {
        switch self {
        case .flows(let flows): flows.reduce(0) { $0 + $1.totalRequests }
        case .closed(let closed): closed.requests
        case .open(let open): open.arrivalCount
        }
    }

    private enum CodingKeys: String, CodingKey { case model, flows, closed, open }

    /// Decodes strictly: the model's own key must be there and no other model's.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let model = try container.decode(LoadModelKind.self, forKey: .model)
        let own: CodingKeys =
            switch model {
            case .flows: .flows
            case .closed: .closed
            case .open: .open
            }
        for key in [CodingKeys.flows, .closed, .open] where key != own && container.contains(key) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "model \(model.rawValue) carries \(key.rawValue)")
        }
        switch model {
        case .flows: self = .flows(try container.decode([ShardFlow].self, forKey: .flows))
        case .closed: self = .closed(try container.decode(ShardClosed.self, forKey: .closed))
        case .open: self = .open(try container.decode(ShardOpen.self, forKey: .open))
        }
    }

    /// Encodes the model and its own key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        switch self {
        case .flows(let flows): try container.encode(flows, forKey: .flows)
        case .closed(let closed): try container.encode(closed, forKey: .closed)
        case .open(let open): try container.encode(open, forKey: .open)
        }
    }
}
