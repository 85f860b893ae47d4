import BenchConfig
import ChildProcesses
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The embedded default provider: every instance is a gunicorn process serving the app on 127.0.0.1, and one
/// HAProxy routes each cluster's path to its instances, round robin, with health checks.
///
/// Needs `haproxy` on PATH and `<projectRoot>/.venv` with gunicorn (`scripts/setup.sh` makes both). Everything it
/// starts is journaled in `<runDirectory>/processes.jsonl`, logs go to `<runDirectory>/logs/`, and HAProxy's
/// config is `<runDirectory>/haproxy.cfg`.
public final class LocalProvider: Provider {
    /// "local".
    public static let name = "local"
    /// One line for `coordinator plugins`.
    public static let summary =
        "gunicorn processes on 127.0.0.1 behind one HAProxy (path routing, round robin, health checks); "
        + "needs haproxy and .venv from scripts/setup.sh"

    /// Settings that are not in the experiment config; tests use them to provoke failures.
    public struct Options: Sendable {
        /// The HAProxy executable (a name is looked up in PATH).
        public var haproxyExecutable: String
        /// Extra gunicorn arguments for some instances, keyed by instance id (`cluster2-1`), put before the app
        /// (a test hook: `["--worker-class", "no.such.Worker"]` makes that instance fail to start).
        public var extraGunicornArguments: [String: [String]]
        /// How long each process gets to stop after SIGTERM before SIGKILL.
        public var stopGrace: Duration
        /// How long `provision` waits for HAProxy's stats socket to answer.
        public var loadBalancerStartTimeout: Duration
        /// How often the `haproxy` collector's health sampler reads HAProxy's server states.
        public var healthPollInterval: Duration
        /// How instance types are scaled to this machine and whether limits are enforced; nil: from the
        /// environment (`LocalProfileSettings.fromEnvironment`), with the defaults for what it does not set.
        public var profiles: LocalProfileSettings?
        /// The instance-type catalogue; nil: `<projectRoot>/config/instance-types.json`.
        public var catalogPath: String?

        /// Options with the defaults: `haproxy` from PATH, no extra arguments, 5 s grace, 10 s start timeout,
        /// profile settings from the environment, the project's catalogue,
        /// health sampled every 250 ms.
        public init(
            haproxyExecutable: String = "haproxy",
            extraGunicornArguments: [String: [String]] = [:],
            stopGrace: Duration = .seconds(5),
            loadBalancerStartTimeout: Duration = .seconds(10),
            profiles: LocalProfileSettings? = nil,
            catalogPath: String? = nil,
            healthPollInterval: Duration = .milliseconds(250)
        ) {
            self.haproxyExecutable = haproxyExecutable
            self.extraGunicornArguments = extraGunicornArguments
            self.stopGrace = stopGrace
            self.loadBalancerStartTimeout = loadBalancerStartTimeout
            self.profiles = profiles
            self.catalogPath = catalogPath
            self.healthPollInterval = healthPollInterval
        }
    }

    /// The run this provider works for.
    public let context: ProviderContext
    /// Its settings.
    public let options: Options

    /// Everything provision started, guarded by this `Mutex`; never held while waiting or spawning.
    let state = Mutex(State())

    struct State {
        /// The load balancer process.
        var haproxy: ChildProcess?
        /// gunicorn processes by instance id, in start order.
        var instances: [(id: String, process: ChildProcess)] = []
        /// HAProxy's admin socket.
        var statsSocket: String?
        /// What the last successful provision returned.
        var deployment: Deployment?
        /// The run's cgroups, removed at teardown after the processes.
        var cgroups: CgroupTree?
        /// Samples HAProxy's server states for the `haproxy` collector, from provision to teardown.
        var healthPoller: HealthPoller?
        /// Instances a fault paused (SIGSTOP) and nothing resumed yet.
        var paused: Set<String> = []
        /// Instances a fault killed.
        var killed: Set<String> = []
        /// The run folder of the `coordinator provision` whose processes this provider took over (`attach`); its
        /// processes are not this provider's to stop.
        var attachedRun: String?
        /// HAProxy's counters when this provider took over, subtracted so counts cover this run only.
        var baseline: [String: BackendCounts] = [:]
    }

    /// A provider for the run described by `context`, with default options.
    public convenience init(context: ProviderContext) {
        self.init(context: context, options: Options())
    }

    /// A provider for the run described by `context`.
    public init(context: ProviderContext, options: Options) {
        self.context = context
        self.options = options
    }

    /// The gunicorn launcher in the project's virtualenv.
    public var gunicornPath: String { context.projectRoot + "/.venv/bin/gunicorn" }
    /// The folder gunicorn imports `app:app` from.
    public var appDirectory: String { context.projectRoot + "/app" }
    /// Where process logs go (`<id>.log`, `haproxy.log`).
    public var logDirectory: String { context.runDirectory + "/logs" }
    /// HAProxy's configuration file.
    public var haproxyConfigPath: String { context.runDirectory + "/haproxy.cfg" }

    /// The log file of the process behind `instanceID` (or `haproxy`).
    public func logPath(of instanceID: String) -> String { "\(logDirectory)/\(instanceID).log" }

    /// The pids of every process provision started and teardown has not stopped yet (HAProxy first).
    public var processIDs: [Int32] {
        state.withLock { state in (state.haproxy.map { [$0.pid] } ?? []) + state.instances.map(\.process.pid) }
    }

    // MARK: Provision

    /// Starts every cluster's gunicorn instances and HAProxy in front of them; returns once HAProxy answers on
    /// its stats socket (the instances may still be starting: see `waitUntilHealthy`). Stops what it started if
    /// anything fails.
    public func provision(_ config: ExperimentConfig) throws(ProviderError) -> Deployment {
        guard state.withLock({ $0.haproxy == nil && $0.instances.isEmpty }) else {
            throw .provisionFailed(
                "the local provider has already provisioned run \(context.runID); tear it down first"
            )
        }
        do {
            return try provisionSteps(config)
        } catch {
            context.log("provisioning failed, stopping what was started: \(error)")
            teardown()
            throw error
        }
    }

    func provisionSteps(_ config: ExperimentConfig) throws(ProviderError) -> Deployment {
        try validate(config)
        try makeDirectory(logDirectory)
        let journal = ProcessJournal(path: context.processJournalPath)

        let instanceCount = config.clusters.reduce(0) { $0 + $1.count }
        var ports = try LoopbackPorts.reserve(instanceCount + 1)
        let frontendPort = ports.removeFirst()
        let loadBalancerURL = "http://127.0.0.1:\(frontendPort)"

        let profiles = try planProfiles(config)
        state.withLock { $0.cgroups = profiles.cgroups }

        var clusters: [DeployedCluster] = []
        var backends: [HAProxyConfig.Backend] = []
        for cluster in config.clusters {
            let sizing = profiles.sizing[cluster.name]!
            context.log(
                "starting \(cluster.count) gunicorn instance\(cluster.count == 1 ? "" : "s") for \(cluster.name) "
                    + "(\(sizing.summary))"
            )
            if profiles.cgroups != nil { context.log("\(cluster.name): limits per instance: \(sizing.limitsSummary)") }
            var instances: [DeployedInstance] = []
            var servers: [(id: String, port: Int)] = []
            for number in 1...cluster.count {
                try checkCancelled("starting gunicorn instances")
                let id = "\(cluster.name)-\(number)"
                let port = ports.removeFirst()
                let (cgroup, problem) = makeInstanceCgroup(id: id, sizing: sizing, plan: profiles)
                let pid = try startInstance(id: id, port: port, profile: sizing, journal: journal)
                let profile = attachProfile(
                    id: id, pid: pid, sizing: sizing, cgroup: cgroup, problem: problem, plan: profiles)
                instances.append(
                    DeployedInstance(
                        id: id, endpoint: "127.0.0.1:\(port)", instanceType: cluster.instanceType, profile: profile)
                )
                servers.append((id, port))
            }
            clusters.append(
                DeployedCluster(
                    name: cluster.name,
                    path: cluster.path,
                    targetURL: loadBalancerURL + cluster.path,
                    instances: instances
                )
            )
            backends.append(HAProxyConfig.Backend(name: cluster.name, path: cluster.path, servers: servers))
        }

        let socket = statsSocketPath()
        let haproxyConfig = HAProxyConfig(
            runID: context.runID,
            frontendPort: frontendPort,
            statsSocket: socket,
            backends: backends
        )
        try writeFile(haproxyConfigPath, haproxyConfig.text)
        try startLoadBalancer(statsSocket: socket, journal: journal, port: frontendPort)
        let poller = HealthPoller(statsSocket: socket, interval: options.healthPollInterval)
        state.withLock { $0.healthPoller = poller }

        let deployment = Deployment(loadBalancerURL: loadBalancerURL, clusters: clusters)
        state.withLock { $0.deployment = deployment }
        return deployment
    }

    func validate(_ config: ExperimentConfig) throws(ProviderError) {
        guard !config.clusters.isEmpty else { throw .invalidConfig("the experiment has no clusters") }
        for cluster in config.clusters {
            guard HAProxyConfig.isValidName(cluster.name) else {
                throw .invalidConfig(
                    "cluster name \"\(cluster.name)\" cannot name an HAProxy backend (use letters, digits, - _ . :)"
                )
            }
            guard HAProxyConfig.isValidPath(cluster.path) else {
                throw .invalidConfig(
                    "cluster \(cluster.name): path \"\(cluster.path)\" must start with / and hold only "
                        + "URL path characters"
                )
            }
            guard cluster.count >= 1 else { throw .invalidConfig("cluster \(cluster.name): count must be at least 1") }
        }
        guard access(gunicornPath, X_OK) == 0 else {
            throw .provisionFailed("\(gunicornPath) is missing: run scripts/setup.sh")
        }
        guard access(appDirectory + "/app.py", R_OK) == 0 else {
            throw .provisionFailed("\(appDirectory)/app.py is missing")
        }
    }
}
