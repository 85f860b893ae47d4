import Wire

/// A whole experiment as read from a config file: which provider builds the clusters, the clusters to compare,
/// the load to drive at each of them and the agents that drive it.
///
/// Values here are already validated: `ConfigLoader` is the only way to make one from a file, and it rejects
/// anything it cannot vouch for with a `ConfigError` that names the file and the JSON path.
public struct ExperimentConfig: Sendable, Equatable {
    /// Short name of the experiment, used in run ids and report titles.
    public var name: String
    /// Free text shown at the top of reports.
    public var description: String
    /// Which provider plugin provisions, deploys and observes the clusters.
    public var provider: ProviderConfig
    /// The clusters to compare; at least one, names and paths unique.
    public var clusters: [ClusterConfig]
    /// The load every cluster receives.
    public var load: LoadConfig
    /// Where the load comes from.
    public var agents: AgentsConfig
    /// Instances to kill or pause during the load, in config order (empty: none).
    public var faults: [FaultConfig]
    /// Limits the results must keep (config key `thresholds`); a breach gives its own exit code.
    public var thresholds: [ThresholdConfig]

    /// Makes an experiment; `faults` and `thresholds` default to none.
    public init(
        name: String, description: String, provider: ProviderConfig, clusters: [ClusterConfig],
        load: LoadConfig, agents: AgentsConfig, faults: [FaultConfig] = [], thresholds: [ThresholdConfig] = []
    ) {
        self.name = name
        self.description = description
        self.provider = provider
        self.clusters = clusters
        self.load = load
        self.agents = agents
        self.faults = faults
        self.thresholds = thresholds
    }

    /// The workload `cluster` receives: its own override, else the load section's.
    public func workload(for cluster: ClusterConfig) -> Workload {
        cluster.load ?? load.workload
    }
}

/// The provider plugin, the settings every provider shares, and the provider's own settings.
public struct ProviderConfig: Sendable, Equatable {
    /// Registry name of the provider (`local`, `static`, `aws`).
    public var name: String
    /// How long to wait for every instance to pass its health check.
    public var healthTimeout: Duration
    /// Period of the load balancer's metric series (whole seconds; CloudWatch's default is 60 s).
    public var metricsPeriod: Duration
    /// The provider's own settings, decoded by the provider from its own keys.
    public var settings: any ProviderSettings

    /// The keys every provider takes, in the order messages list them.
    public static let sharedKeys = ["name", "healthTimeout", "metricsPeriod"]

    /// Makes provider settings with the defaults of `docs/config.md`.
    public init(
        name: String, healthTimeout: Duration = .seconds(60), metricsPeriod: Duration = .seconds(60),
        settings: any ProviderSettings = NoProviderSettings()
    ) {
        self.name = name
        self.healthTimeout = healthTimeout
        self.metricsPeriod = metricsPeriod
        self.settings = settings
    }

    /// The provider's own settings as `type`, or nil if they are of another type.
    public func settings<Settings: ProviderSettings>(as type: Settings.Type) -> Settings? {
        settings as? Settings
    }

    /// Equal when the shared keys are equal and the settings write the same members.
    public static func == (lhs: ProviderConfig, rhs: ProviderConfig) -> Bool {
        lhs.name == rhs.name && lhs.healthTimeout == rhs.healthTimeout && lhs.metricsPeriod == rhs.metricsPeriod
            && lhs.settings.jsonMembers() == rhs.settings.jsonMembers()
    }
}

/// One cluster: `count` instances of one instance type, reached through the load balancer at `path`.
public struct ClusterConfig: Sendable, Equatable {
    /// Unique label (`cluster1`); used as the HAProxy backend name and in reports.
    public var name: String
    /// The load balancer routes `path` and `path/*` to this cluster; starts with `/`, unique.
    public var path: String
    /// Instance type (`m4.large`); the local provider derives workers and threads from it.
    public var instanceType: String
    /// Number of instances, at least 1.
    public var count: Int
    /// This cluster's own workload, overriding `load`'s; nil to take `load`'s.
    public var load: Workload?

    /// A cluster; `load` overrides the experiment's workload for this cluster only.
    public init(name: String, path: String, instanceType: String, count: Int, load: Workload? = nil) {
        self.name = name
        self.path = path
        self.instanceType = instanceType
        self.count = count
        self.load = load
    }
}

/// The load driven at each cluster.
public struct LoadConfig: Sendable, Equatable {
    /// Whether clusters are loaded one after another (as the reference lab did) or all at once.
    public var schedule: Schedule
    /// The load model and its parameters, for every cluster without its own `load`.
    public var workload: Workload
    /// A request that takes longer than this is aborted and counted as a timeout.
    public var requestTimeout: Duration
    /// How often agents stream interval reports.
    public var reportInterval: Duration
    /// Which load engine the agents run: `auto` (the fast path where every target is `http://`), `fast` or `curl`.
    public var engine: EngineChoice = .auto

    /// A load section with any workload.
    public init(
        schedule: Schedule = .sequential, workload: Workload, requestTimeout: Duration = .seconds(10),
        reportInterval: Duration = .seconds(1)
    ) {
        self.schedule = schedule
        self.workload = workload
        self.requestTimeout = requestTimeout
        self.reportInterval = reportInterval
    }

    /// A load section of the `flows` model.
    public init(
        schedule: Schedule = .sequential, flows: [FlowConfig], requestTimeout: Duration = .seconds(10),
        reportInterval: Duration = .seconds(1)
    ) {
        self.init(
            schedule: schedule, workload: .flows(flows), requestTimeout: requestTimeout, reportInterval: reportInterval)
    }

    /// The flows of the `flows` model; empty for the other models.
    public var flows: [FlowConfig] {
        if case .flows(let flows) = workload { flows } else { [] }
    }

    /// Clusters one after another, or in parallel.
    public enum Schedule: String, Sendable, Equatable, CaseIterable {
        case sequential
        case parallel
    }
}

/// A named sequence of steps run one request at a time.
public struct FlowConfig: Sendable, Equatable, Codable {
    /// Unique within the load config (`A`, `B`).
    public var name: String
    /// At least one step, and at least one request in all.
    public var steps: [FlowStep]

    public init(name: String, steps: [FlowStep]) {
        self.name = name
        self.steps = steps
    }

    /// How many requests the flow sends in all.
    public var totalRequests: Int {
        steps.reduce(0) { total, step in
            if case .requests(let count) = step { return total + count }
            return total
        }
    }
}

/// One step of a flow.
public enum FlowStep: Sendable, Equatable, Codable {
    /// Send this many requests one after another.
    case requests(Int)
    /// Send nothing for this long.
    case pause(Duration)
}

/// Where load comes from.
public struct AgentsConfig: Sendable, Equatable {
    /// Number of local agent processes the coordinator spawns.
    public var spawn: Int
    /// ZeroMQ endpoint the coordinator's ROUTER binds (`tcp://127.0.0.1:0` picks a free port).
    public var bind: String
    /// Interval between heartbeats in both directions.
    public var heartbeatInterval: Duration
    /// Heartbeats missed before a peer is declared lost (agents then stop all load on their own).
    public var heartbeatLiveness: Int
    /// The longest one phase may run before it is stopped and the run fails; nil: derived from the load (every
    /// request taking the whole request timeout, plus a margin).
    public var phaseTimeout: Duration?
    /// Agents started by hand on other hosts (`agent --coordinator tcp://HOST:PORT`) that the run waits for.
    public var remote = 0
    /// How long the run waits for the remote agents to join.
    public var remoteTimeout: Duration = .seconds(60)
    /// A folder written by `coordinator keys`: the coordinator's CURVE key pair and the agents' public keys it
    /// admits. CURVE is on when it is set.
    public var keys: String?
    /// Plaintext beyond loopback, on purpose (recorded in the report).
    public var insecure = false

    /// An agents section; every value has its default.
    public init(
        spawn: Int = 2, bind: String = "tcp://127.0.0.1:0", heartbeatInterval: Duration = .seconds(1),
        heartbeatLiveness: Int = 5, phaseTimeout: Duration? = nil
    ) {
        self.spawn = spawn
        self.bind = bind
        self.heartbeatInterval = heartbeatInterval
        self.heartbeatLiveness = heartbeatLiveness
        self.phaseTimeout = phaseTimeout
    }
}
