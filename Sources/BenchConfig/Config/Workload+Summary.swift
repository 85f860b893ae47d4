extension Workload {
    /// The workload in a few words, for progress lines and `coordinator validate`: `2 flows, 2500 requests`,
    /// `closed, 10 connections, 5000 requests`, `closed, 10 connections for 30s`,
    /// `open, 200 req/s for 3s (600 requests)`, `open, 1000 req/s for 60s (60000 requests, 2100 connections opened first)`.
    public var summary: String {
        switch self {
        case .flows(let flows):
            return "\(flows.count) flows, \(requestCount ?? 0) requests"
        case .closed(let closed):
            switch closed.limit {
            case .requests(let count): return "closed, \(closed.connections) connections, \(count) requests"
            case .duration(let duration):
                return "closed, \(closed.connections) connections for \(duration.configText)"
            }
        case .open(let open):
            let warm = open.connections > 0 ? ", \(open.connections) connections opened first" : ""
            let arrivals = "\(open.schedule.arrivalCount) requests\(warm)"
            switch open.shape {
            case .constant(let rate, let duration):
                return "open, \(Self.rate(rate)) req/s for \(duration.configText) (\(arrivals))"
            case .stages(let stages):
                let steps = stages.map { "\(Self.rate($0.rate)) req/s for \($0.duration.configText)" }
                return "open, " + steps.joined(separator: " then ") + " (\(arrivals))"
            case .ramp(let from, let to, let duration):
                return "open, \(Self.rate(from)) to \(Self.rate(to)) req/s over \(duration.configText) (\(arrivals))"
            }
        }
    }

    /// A rate without a needless fraction: `200`, `0.5`.
    static func rate(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
