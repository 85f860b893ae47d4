import BenchConfig

/// A provider plugin: builds the clusters of an experiment behind one load balancer, reports where they are,
/// reads the load balancer's own counts, and removes everything it built.
///
/// Providers are registered at compile time in a `ProviderRegistry` and made by name from the config's
/// `provider.name`. Every method blocks the calling thread (bounded by timeouts and `ProviderContext.isCancelled`):
/// call them from a thread of your own, not from the shared concurrency pool.
public protocol Provider: AnyObject, Sendable {
    /// The name a config uses to pick this provider (`local`).
    static var name: String { get }
    /// One line for `coordinator plugins`: what the provider builds and what it needs.
    static var summary: String { get }

    /// The provider's own keys in the config's `provider` object, beside the shared `name`, `healthTimeout` and
    /// `metricsPeriod`, in the order messages list them. None by default.
    static var settingsKeys: [String] { get }

    /// Decodes and checks the provider's own keys (only keys among `settingsKeys` reach it), throwing a
    /// `ConfigError` at the offending node (`node.error(...)`, `section.node.missing(...)`). The config loader calls it
    /// once the clusters are known; the provider reads the result back with `config.provider.settings(as:)`.
    /// The default, for providers with no keys of their own, returns `NoProviderSettings`.
    static func decodeSettings(_ section: ProviderSection) throws(ConfigError) -> any ProviderSettings

    /// Removes what a run of this provider left behind when its coordinator could not tear down (killed, crashed),
    /// using only what the provider wrote into `runDirectory` while it worked; `coordinator teardown RUN_FOLDER`
    /// calls it after stopping the run's journaled processes. Idempotent; reports each thing removed, or that could
    /// not be, through `log`; never throws. The default removes nothing.
    static func teardownLeftovers(runDirectory: String, log: (String) -> Void)

    /// Checks what the provider needs from outside the config (credentials, a region) without creating anything,
    /// so that what is missing is bad input (exit code 2) before a run starts. Throws `invalidConfig` for a mistake
    /// of the user's, another code when something refused. The default checks nothing.
    static func preflight(_ config: ExperimentConfig) throws(ProviderError)

    /// Lines `coordinator plan` adds for this provider: what a run creates beyond the instances, and what that
    /// costs for `hours` of load (prices read below `projectRoot`). The default adds nothing.
    static func planLines(_ config: ExperimentConfig, projectRoot: String, hours: Double) -> [String]

    /// Finds everything this provider ever created and tagged, in any run, even without a run folder, and lists it
    /// through `log`; unless `dryRun`, removes it. Returns how many resources were found.
    /// The default throws `invalidConfig`: the provider creates nothing that outlives its processes.
    static func sweep(dryRun: Bool, log: (String) -> Void) throws(ProviderError) -> Int

    /// Makes a provider for one run; it starts nothing until `provision`.
    init(context: ProviderContext)

    /// Creates the load balancer and every cluster's instances, deploys the app and starts it. Blocking.
    ///
    /// After a failure, what was already started is stopped again (and `teardown` stays safe to call).
    func provision(_ config: ExperimentConfig) throws(ProviderError) -> Deployment

    /// Returns once every instance passes its health check through the load balancer; throws naming the first
    /// instance that did not within `timeout` (and, if its process died, its exit status and the last lines of its
    /// log).
    func waitUntilHealthy(_ deployment: Deployment, timeout: Duration) throws(ProviderError)

    /// Takes over a deployment that an earlier `coordinator provision` left up in `runDirectory` (its
    /// `deployment.json` decoded as `deployment`), for `coordinator run --reuse`: afterwards `waitUntilHealthy`,
    /// `loadBalancerCounts` and `metricsCollector` work as after `provision`. The coordinator does not tear a reused
    /// deployment down. The default needs nothing more than the deployment.
    func attach(_ deployment: Deployment, runDirectory: String, config: ExperimentConfig) throws(ProviderError)

    /// The load balancer's own request counts, read from the balancer itself (for HAProxy: its stats), keyed by
    /// cluster name.
    func loadBalancerCounts() throws(ProviderError) -> [String: BackendCounts]

    /// The collector of the load balancer's metric series, once provisioned; nil when the provider has none (the
    /// default). See `MetricsCollector`.
    var metricsCollector: (any MetricsCollector)? { get }

    /// Kills, pauses or resumes the instance with id `instance` (`cluster1-2`) while the load runs, for the
    /// config's `faults`. The default throws `invalidConfig`: the provider cannot.
    func inject(_ action: FaultAction, into instance: String) throws(ProviderError)

    /// Stops exactly what provision started; idempotent; never throws; safe after a failed or partial provision.
    /// Paused instances are resumed first.
    func teardown()
}

extension Provider {
    /// No keys of its own.
    public static var settingsKeys: [String] { [] }

    /// No settings: `NoProviderSettings`.
    public static func decodeSettings(_ section: ProviderSection) throws(ConfigError) -> any ProviderSettings {
        NoProviderSettings()
    }

    /// Nothing to remove.
    public static func teardownLeftovers(runDirectory: String, log: (String) -> Void) {}

    /// Nothing to check.
    public static func preflight(_ config: ExperimentConfig) throws(ProviderError) {}

    /// Nothing to add.
    public static func planLines(_ config: ExperimentConfig, projectRoot: String, hours: Double) -> [String] { [] }

    /// Nothing to sweep.
    public static func sweep(dryRun: Bool, log: (String) -> Void) throws(ProviderError) -> Int {
        throw .invalidConfig("provider \"\(name)\" leaves nothing behind to sweep")
    }

    /// Nothing to take over.
    public func attach(
        _ deployment: Deployment, runDirectory: String, config: ExperimentConfig
    ) throws(ProviderError) {}
}
