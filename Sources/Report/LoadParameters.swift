import BenchConfig

/// A cluster's load model and its parameters as `report.json` gives them; fields that do not apply to the model
/// are left out.
public struct LoadParameters: Codable, Sendable, Equatable {
    /// `flows`, `closed` or `open`.
    public var model: String
    /// flows: each flow's name and request count.
    public var flows: [FlowSummary]?
    /// closed: connections over all agents; open: the connections opened before the start over all agents (nil
    /// for none).
    public var connections: Int?
    /// closed with a count: requests over all agents.
    public var requests: Int?
    /// closed with a duration, and open: how long the load was scheduled to last.
    public var durationSeconds: Double?
    /// open: the arrival schedule, one entry per stage (a constant rate has one; a ramp's rates differ).
    public var stages: [StageSummary]?
    /// open: requests in flight per cluster over all agents.
    public var maxInFlight: Int?
    /// The load engine the agents ran for this cluster: `fast` or `curl` (`curl+fast` if its shards differed);
    /// nil in reports written before the engine was recorded.
    public var engine: String?

    /// One flow.
    public struct FlowSummary: Codable, Sendable, Equatable {
        /// Flow name.
        public var name: String
        /// Requests it sends.
        public var requests: Int
    }

    /// One stretch of an open schedule.
    public struct StageSummary: Codable, Sendable, Equatable {
        /// Requests per second at its start.
        public var fromRate: Double
        /// Requests per second at its end.
        public var toRate: Double
        /// Its length.
        public var durationSeconds: Double
    }

    /// The parameters of `workload`.
    public init(_ workload: Workload) {
        model = workload.model.rawValue
        switch workload {
        case .flows(let flows):
            self.flows = flows.map { FlowSummary(name: $0.name, requests: $0.totalRequests) }
        case .closed(let closed):
            connections = closed.connections
            switch closed.limit {
            case .requests(let count): requests = count
            case .duration(let duration): durationSeconds = duration.seconds
            }
        case .open(let open):
            let schedule = open.schedule
            stages = schedule.segments.map {
                StageSummary(
                    fromRate: $0.fromRate, toRate: $0.toRate, durationSeconds: Double($0.durationNanoseconds) / 1e9)
            }
            durationSeconds = Double(schedule.durationNanoseconds) / 1e9
            maxInFlight = open.maxInFlight
            connections = open.connections > 0 ? open.connections : nil
        }
    }
}
