import Wire

/// What load one cluster receives: one of the three load models and its parameters.
///
/// `load` in a config gives every cluster's workload; `clusters[i].load` may override it for one cluster.
public enum Workload: Sendable, Equatable {
    /// Flows side by side, each a closed loop of one request at a time (the reference experiment's model).
    case flows([FlowConfig])
    /// C connections each sending back to back, for a duration or a request count (wrk's model).
    case closed(ClosedLoad)
    /// Requests due at a scheduled arrival rate whether or not earlier ones returned (wrk2's model).
    case open(OpenLoad)

    /// The model's name as configs and reports write it.
    public var model: LoadModelKind {
        switch self {
        case .flows: .flows
        case .closed: .closed
        case .open: .open
        }
    }

    /// Requests the workload asks for, per cluster; nil when the model does not fix a count (closed for a duration).
    ///
    /// For `open` this is every scheduled arrival: the sent ones plus the ones dropped after waiting a whole
    /// request timeout for a free slot at the in-flight cap.
    public var requestCount: Int? {
        switch self {
        case .flows(let flows): flows.reduce(0) { $0 + $1.totalRequests }
        case .closed(let closed):
            if case .requests(let count) = closed.limit { count } else { nil }
        case .open(let open): open.schedule.arrivalCount
        }
    }
}

/// The closed model's parameters.
public struct ClosedLoad: Sendable, Equatable {
    /// Connections per cluster in all, split across agents; each sends its next request when the last returns.
    public var connections: Int
    /// When the load ends.
    public var limit: Limit

    /// Connections and limit as the config gives them.
    public init(connections: Int, limit: Limit) {
        self.connections = connections
        self.limit = limit
    }

    /// A closed load ends after a duration or after a number of requests.
    public enum Limit: Sendable, Equatable {
        /// Send for this long, then wait for the requests in flight.
        case duration(Duration)
        /// Send exactly this many requests in all (over every connection and agent).
        case requests(Int)
    }
}

/// The open model's parameters.
public struct OpenLoad: Sendable, Equatable {
    /// How the arrival rate evolves, as the config wrote it.
    public var shape: Shape
    /// Requests in flight per cluster in all (split across agents, at least 1 each); an arrival due when its agent
    /// is at its share waits for a free slot (late, its latency from its due time), and is dropped and counted only
    /// after a whole request timeout.
    public var maxInFlight: Int
    /// Keep-alive connections per cluster (split across agents like `maxInFlight`, at most it) that the fast engine
    /// opens before the start instant, as wrk2 opens its connections before its first request: the schedule's first
    /// arrivals, and a burst after a stall, find them connected instead of carrying a connect in their latency.
    /// More are opened as arrivals need them, up to `maxInFlight`. 0 (the default): every connection is opened by
    /// the arrival that first needs it.
    public var connections: Int

    /// The default `maxInFlight`.
    public static let defaultMaxInFlight = 1000

    /// A shape, a cap and the connections to open before the start.
    public init(shape: Shape, maxInFlight: Int = OpenLoad.defaultMaxInFlight, connections: Int = 0) {
        self.shape = shape
        self.maxInFlight = maxInFlight
        self.connections = connections
    }

    /// The three ways to give an arrival rate.
    public enum Shape: Sendable, Equatable {
        /// `rate` requests per second for `duration`.
        case constant(rate: Double, duration: Duration)
        /// Constant rates one after another.
        case stages([RateStage])
        /// A rate changing linearly from `from` to `to` over `duration`.
        case ramp(from: Double, to: Double, duration: Duration)
    }

    /// The arrival times the shape describes.
    public var schedule: ArrivalSchedule {
        switch shape {
        case .constant(let rate, let duration):
            ArrivalSchedule(segments: [.init(fromRate: rate, toRate: rate, duration: duration)])
        case .stages(let stages):
            ArrivalSchedule(segments: stages.map { .init(fromRate: $0.rate, toRate: $0.rate, duration: $0.duration) })
        case .ramp(let from, let to, let duration):
            ArrivalSchedule(segments: [.init(fromRate: from, toRate: to, duration: duration)])
        }
    }
}

/// One stage of a stepped open load: a constant rate for a duration.
public struct RateStage: Sendable, Equatable {
    /// Requests per second.
    public var rate: Double
    /// How long the stage lasts.
    public var duration: Duration

    /// A stage.
    public init(rate: Double, duration: Duration) {
        self.rate = rate
        self.duration = duration
    }
}
