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

    private func provisionSteps(_ config: ExperimentConfig) throws(ProviderError) -> Deployment {
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

    private func validate(_ config: ExperimentConfig) throws(ProviderError) {
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

    /// Starts instance `id`'s gunicorn; returns its pid.
    private func startInstance(
        id: String,
        port: Int,
        profile: LocalSizing,
        journal: ProcessJournal
    ) throws(ProviderError) -> Int32 {
        let arguments =
            [
                "--bind", "127.0.0.1:\(port)",
                "--workers", "\(profile.workers)",
                "--threads", "\(profile.threads)",
                "--graceful-timeout", "3",
                "--chdir", appDirectory,
            ] + (options.extraGunicornArguments[id] ?? []) + ["app:app"]
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                gunicornPath,
                arguments: arguments,
                environment: ["INSTANCE_ID": id, "PYTHONUNBUFFERED": "1"],
                workingDirectory: appDirectory,
                outputFile: logPath(of: id)
            )
        } catch {
            throw .provisionFailed("instance \(id): \(error)")
        }
        state.withLock { $0.instances.append((id, process)) }
        try record(process, in: journal)
        return process.pid
    }

    private func startLoadBalancer(statsSocket: String, journal: ProcessJournal, port: Int) throws(ProviderError) {
        context.log("starting haproxy on 127.0.0.1:\(port) (config \(haproxyConfigPath))")
        unlink(statsSocket)
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                options.haproxyExecutable,
                arguments: ["-f", haproxyConfigPath, "-db"],
                workingDirectory: context.runDirectory,
                outputFile: logPath(of: "haproxy")
            )
        } catch {
            throw .provisionFailed("load balancer: \(error)")
        }
        state.withLock {
            $0.haproxy = process
            $0.statsSocket = statsSocket
        }
        try record(process, in: journal)

        // Ready once the stats socket answers; a config error makes haproxy exit at once instead.
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.loadBalancerStartTimeout)
        while (try? UnixSocketClient.request(path: statsSocket, command: "show info")) == nil {
            if let termination = process.termination {
                throw .provisionFailed(
                    "haproxy \(termination) at start\(logTailSuffix(logPath(of: "haproxy")))"
                )
            }
            try checkCancelled("starting haproxy")
            guard clock.now < deadline else {
                throw .provisionFailed(
                    "haproxy's stats socket \(statsSocket) did not answer within \(options.loadBalancerStartTimeout)"
                        + logTailSuffix(logPath(of: "haproxy"))
                )
            }
            Self.pause()
        }
    }

    private func record(_ process: ChildProcess, in journal: ProcessJournal) throws(ProviderError) {
        do {
            try journal.record(process)
        } catch {
            throw .provisionFailed("\(error)")
        }
    }

    /// `<runDirectory>/haproxy.sock`, unless that is too long for a Unix socket address (108 bytes); then a
    /// short path in /tmp named after the run.
    private func statsSocketPath() -> String {
        let preferred = context.runDirectory + "/haproxy.sock"
        if preferred.utf8.count < 100 { return preferred }
        let safeID = String(
            context.runID.unicodeScalars.filter {
                $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-"
            }.prefix(40).map(Character.init)
        )
        return "/tmp/clusterbench-\(safeID)-\(getpid())-haproxy.sock"
    }

    // MARK: Health

    /// Polls HAProxy's stats every 100 ms until every instance of `deployment` is up with a passing health
    /// check. Fails at once when an instance's gunicorn or HAProxy has exited (it cannot come up any more).
    public func waitUntilHealthy(_ deployment: Deployment, timeout: Duration) throws(ProviderError) {
        let instances = deployment.clusters.flatMap { cluster in cluster.instances.map { (cluster.name, $0.id) } }
        context.log("waiting up to \(timeout.configText) for \(instances.count) instances to pass their health checks")
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: timeout)
        var lastStats: HAProxyStats?
        var lastError: String?
        while true {
            let (haproxy, processes, socket) = state.withLock { state in
                (state.haproxy, Dictionary(state.instances, uniquingKeysWith: { first, _ in first }), state.statsSocket)
            }
            guard let haproxy, let socket else {
                throw .unhealthy("nothing is provisioned: the load balancer is not running")
            }
            if let termination = haproxy.termination {
                throw .unhealthy("haproxy \(termination)\(logTailSuffix(logPath(of: "haproxy")))")
            }
            do {
                lastStats = try readStats(socket)
                lastError = nil
            } catch {
                lastError = error.message
            }
            let notHealthy = instances.filter { cluster, id in
                lastStats?.server(id, in: cluster)?.isHealthy != true
            }
            if notHealthy.isEmpty {
                if let lastStats { state.withLock { $0.healthPoller }?.absorb(lastStats) }
                context.log("all \(instances.count) instances are healthy after \(String(format: "%.1f", start.duration(to: clock.now).seconds)) s")
                return
            }
            for (_, id) in notHealthy {
                if let termination = processes[id]?.termination {
                    throw .unhealthy(
                        "instance \(id) is not healthy: gunicorn \(termination)\(logTailSuffix(logPath(of: id)))"
                    )
                }
            }
            try checkCancelled("waiting for instances to become healthy")
            if clock.now >= deadline {
                let first = notHealthy[0]
                let state = lastStats?.server(first.1, in: first.0)?.stateDescription ?? lastError ?? "no stats"
                let names = notHealthy.map(\.1).joined(separator: ", ")
                throw .unhealthy(
                    "instance\(notHealthy.count == 1 ? "" : "s") \(names) did not become healthy within \(timeout) "
                        + "(\(first.1): \(state))\(logTailSuffix(logPath(of: first.1)))"
                )
            }
            Self.pause()
        }
    }

    // MARK: Counts

    /// Reads `show stat` from HAProxy and returns, per cluster: the backend's `req_tot` (HTTP requests from
    /// clients; health checks are not counted; read once it has caught up with its servers' counts, or after 1 s),
    /// each server's `req_tot` (falling back to `stot`), and the number of servers up with a passing check.
    public func loadBalancerCounts() throws(ProviderError) -> [String: BackendCounts] {
        let (socket, deployment) = state.withLock { ($0.statsSocket, $0.deployment) }
        guard let socket, let deployment else {
            throw .metricsUnavailable("the local provider has no load balancer running (not provisioned)")
        }
        // HAProxy counts a request for its server when it connects, for the backend only when the request's stream
        // ends: right after the last response the backend may still lag. Wait (up to 1 s) until it caught up.
        var stats: HAProxyStats
        let deadline = ContinuousClock.now.advanced(by: .seconds(1))
        repeat {
            do {
                stats = try readStats(socket)
            } catch {
                throw .metricsUnavailable(error.message)
            }
            let lagging = deployment.clusters.contains { cluster in
                let servers = stats.servers(of: cluster.name).reduce(0) { $0 + $1.requestCount }
                return (stats.backend(cluster.name)?.requestTotal ?? servers) < servers
            }
            if !lagging || ContinuousClock.now >= deadline { break }
            usleep(20_000)
        } while true
        var counts: [String: BackendCounts] = [:]
        for cluster in deployment.clusters {
            guard let backend = stats.backend(cluster.name) else {
                throw .metricsUnavailable("haproxy's stats have no backend \(cluster.name)")
            }
            let servers = stats.servers(of: cluster.name)
            counts[cluster.name] = BackendCounts(
                requests: backend.requestTotal ?? backend.sessionTotal ?? 0,
                perInstance: Dictionary(servers.map { ($0.service, $0.requestCount) }, uniquingKeysWith: +),
                healthyInstances: servers.filter(\.isHealthy).count
            )
        }
        return counts
    }

    private struct StatsFailure: Error {
        var message: String
    }

    private func readStats(_ socket: String) throws(StatsFailure) -> HAProxyStats {
        let answer: String
        do {
            answer = try UnixSocketClient.request(path: socket, command: "show stat")
        } catch {
            throw StatsFailure(message: "cannot read haproxy stats from \(socket): \(error)")
        }
        do {
            return try HAProxyStats(csv: answer)
        } catch {
            throw StatsFailure(message: "cannot parse haproxy stats: \(error)")
        }
    }

    // MARK: Teardown

    /// Stops HAProxy, then every gunicorn instance (SIGTERM to each process group, SIGKILL after the grace).
    /// Idempotent, never throws; after it the provider can provision again.
    public func teardown() {
        let (haproxy, instances, socket, cgroups, poller, paused, killed) = state.withLock { state in
            let taken = (
                state.haproxy, state.instances, state.statsSocket, state.cgroups, state.healthPoller, state.paused,
                state.killed
            )
            state = State()
            return taken
        }
        poller?.stop()
        defer { if let cgroups { removeCgroups(cgroups) } }
        guard haproxy != nil || !instances.isEmpty else { return }
        context.log(
            "stopping \(haproxy == nil ? "" : "haproxy and ")\(instances.count) gunicorn instance"
                + (instances.count == 1 ? "" : "s")
        )
        if let haproxy {
            let termination = haproxy.terminate(grace: options.stopGrace)
            if termination != .signaled(SIGTERM) && termination != .exited(0) {
                context.log("haproxy \(termination)")
            }
        }
        // Signal every group first so they stop side by side (a paused one is resumed to hear it), then wait.
        for (id, process) in instances {
            process.signalGroup(SIGTERM)
            if paused.contains(id) { process.signalGroup(SIGCONT) }
        }
        for (id, process) in instances {
            let termination = process.terminate(grace: options.stopGrace)
            if termination == .signaled(SIGKILL) && !killed.contains(id) {
                context.log("instance \(id) had to be killed (SIGKILL)")
            }
        }
        if let socket { unlink(socket) }
    }

    // MARK: Helpers

    private func checkCancelled(_ activity: String) throws(ProviderError) {
        if context.isCancelled() { throw .cancelled(activity) }
    }

    private static func pause() {
        usleep(100_000)
    }

    /// "; last log lines of PATH: a | b | c" from the last 5 non-empty lines of `path`, or "" if there are none.
    func logTailSuffix(_ path: String, lines count: Int = 5) -> String {
        let lines = LogTail.lastLines(of: path, count: count)
        guard !lines.isEmpty else { return "" }
        return "; last log lines of \(path): " + lines.joined(separator: " | ")
    }

    private func makeDirectory(_ path: String) throws(ProviderError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw .provisionFailed("cannot create \(path): \(systemError())")
        }
    }

    private func writeFile(_ path: String, _ text: String) throws(ProviderError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .provisionFailed("cannot write \(path): \(systemError())") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .provisionFailed("cannot write \(path): \(systemError())")
            }
            written += count
        }
    }
}
