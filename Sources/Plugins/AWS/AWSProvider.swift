import AWS
import BenchConfig
import Foundation
import Synchronization

/// The `aws` provider: the reference lab on EC2. An Application Load Balancer in two availability zones routes each
/// cluster's path to a target group of EC2 instances whose user data runs the Flask app under gunicorn; CloudWatch
/// is the collector. Every resource is tagged `clusterbench:run` = run id at creation and journaled in
/// `aws-resources.jsonl` the moment AWS returns its id. See `docs/aws.md`.
public final class AWSProvider: Provider {
    /// "aws".
    public static let name = "aws"
    /// One line for `coordinator plugins`.
    public static let summary =
        "EC2 instances behind an Application Load Balancer, CloudWatch metrics (needs AWS credentials; costs money)"
    /// The tag every resource carries, valued with the run id: `coordinator teardown --sweep aws` looks for it.
    public static let runTagKey = "clusterbench:run"

    /// The provider's own config keys (`AWSSettings.keys`).
    public static var settingsKeys: [String] { AWSSettings.keys }

    /// Decodes and checks the provider's keys.
    public static func decodeSettings(_ section: ProviderSection) throws(ConfigError) -> any ProviderSettings {
        try AWSSettings.decode(section)
    }

    /// What tests and a person debugging may change beyond the config: read from the environment by
    /// `init(context:)`, given directly by `init(context:options:)`.
    public struct Options: Sendable {
        /// Where AWS credentials, region and endpoints come from.
        public var environment: AWSEnvironment
        /// Test hook `CLUSTERBENCH_AWS_FAIL_AT`: a provisioning step (`listener`, `target-group:cluster2`,
        /// `instances:cluster1`, ...) that fails as if AWS had refused it, after everything before it exists.
        public var failAt: String?
        /// Seconds between polls of target health and instance state (`CLUSTERBENCH_AWS_POLL_SECONDS`, default 5).
        public var pollInterval: Duration
        /// Test hook `CLUSTERBENCH_AWS_HEALTHY_STATES`: target states that count as healthy (default `healthy`;
        /// moto, which runs no user data, reports registered targets of running instances as `healthy`).
        public var healthyStates: Set<String>
        /// Longest wait for instances to terminate and security groups to be released during teardown.
        public var teardownTimeout: Duration

        /// Options from the environment `environment`.
        public init(environment: AWSEnvironment = .current()) {
            self.environment = environment
            failAt = environment["CLUSTERBENCH_AWS_FAIL_AT"]
            pollInterval = .milliseconds(
                Int(
                    environment["CLUSTERBENCH_AWS_POLL_SECONDS"].flatMap(Double.init)
                        .map { $0 * 1000 } ?? 5000))
            let states = environment["CLUSTERBENCH_AWS_HEALTHY_STATES"]?.split(separator: ",").map(String.init)
            healthyStates = Set(states ?? ["healthy"])
            teardownTimeout = .seconds(900)
        }
    }

    /// What one run has created and learned, guarded by `state`.
    struct State: Sendable {
        var client: AWSClient?
        var region = ""
        var loadBalancer: ELBLoadBalancer?
        var targetGroups: [String: String] = [:]
        var instances: [String: [EC2Instance]] = [:]
        var provisionedAt: Date?
        var settle: Duration = .seconds(120)
        var tornDown = false
    }

    let context: ProviderContext
    let options: Options
    let journal: AWSResourceJournal
    let state = Mutex(State())

    /// A provider for one run, its options from the process environment.
    public convenience init(context: ProviderContext) {
        self.init(context: context, options: Options())
    }

    /// A provider for one run with explicit options.
    public init(context: ProviderContext, options: Options) {
        self.context = context
        self.options = options
        journal = AWSResourceJournal(runDirectory: context.runDirectory)
    }

    /// The tags of every resource of this run (and its `Name`).
    func tags(_ name: String, _ extra: [String: String] = [:]) -> [String: String] {
        [Self.runTagKey: context.runID, "Name": name].merging(extra) { $1 }
    }

    /// A short name for ELBv2 resources (32 characters at most, letters, digits and hyphens): `cb-` and eight hex
    /// digits of the run id's hash, the same for a run id every time.
    var shortName: String {
        var hash: UInt32 = 2_166_136_261
        for byte in context.runID.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        return "cb-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The client for `settings`: the credential chain, the region (the config's, else the chain's) and endpoints.
    static func client(
        _ settings: AWSSettings, environment: AWSEnvironment, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(ProviderError) -> AWSClient {
        var environment = environment
        if let region = settings.region { environment.variables["AWS_REGION"] = region }
        do {
            let configuration = try AWSConfiguration.resolve(environment: environment)
            return AWSClient(configuration: configuration, isCancelled: isCancelled)
        } catch {
            throw .invalidConfig("aws: \(error)")
        }
    }

    /// Resolves credentials and region without creating anything, so that a missing key or region is bad input
    /// (exit code 2) before the run starts.
    public static func preflight(_ config: ExperimentConfig) throws(ProviderError) {
        let settings = settings(config)
        let environment = AWSEnvironment.current()
        let client = try client(settings, environment: environment)
        let configuration = client.configuration
        let source =
            settings.region != nil
            ? "provider.region"
            : (try? AWSConfiguration.resolveRegionAndSource(environment).source) ?? "the region"
        if let problem = AWSRegions.problem(
            with: configuration.region, source: source, endpointOverrides: configuration.endpointOverrides)
        {
            throw .invalidConfig("aws: \(problem)")
        }
    }

    static func settings(_ config: ExperimentConfig) -> AWSSettings {
        config.provider.settings(as: AWSSettings.self) ?? AWSSettings()
    }

    /// The resource journal's entries after a run, removed in reverse order: see `AWSTeardown`.
    public static func teardownLeftovers(runDirectory: String, log: (String) -> Void) {
        let entries = AWSResourceJournal(runDirectory: runDirectory).entries()
        guard let region = entries.first?.region else {
            log("aws: no resources journaled in \(runDirectory)/aws-resources.jsonl")
            return
        }
        let client: AWSClient
        do {
            client = try Self.client(AWSSettings(region: region), environment: .current())
        } catch {
            log("aws: cannot remove the \(entries.count) journaled resources: \(error)")
            return
        }
        let teardown = AWSTeardown(client: client, pollInterval: .seconds(5), timeout: .seconds(900))
        let failures = teardown.remove(entries) { log("aws: \($0)") }
        for failure in failures { log("aws: could not remove \(failure)") }
    }

    /// The collector of CloudWatch's series, once the load balancer exists.
    public var metricsCollector: (any MetricsCollector)? {
        let snapshot = state.withLock { $0 }
        guard let client = snapshot.client, let balancer = snapshot.loadBalancer else { return nil }
        return CloudWatchCollector(
            client: client, loadBalancerArn: balancer.arn, targetGroupArns: snapshot.targetGroups,
            settleUntil: { [snapshot] end in end + snapshot.settle.seconds }, isCancelled: context.isCancelled,
            log: context.log)
    }

    /// Removes everything this run created, in dependency order; idempotent, never throws.
    public func teardown() {
        let client = state.withLock { $0.client }
        let entries = journal.entries()
        guard let client, !entries.isEmpty else { return }
        let teardown = AWSTeardown(client: client, pollInterval: options.pollInterval, timeout: options.teardownTimeout)
        let failures = teardown.remove(entries) { context.log("aws: \($0)") }
        for failure in failures { context.log("aws: could not remove \(failure); run coordinator teardown again") }
        state.withLock { $0.tornDown = true }
    }

    /// Sleeps `duration` in slices, returning false as soon as the run is cancelled.
    func pause(_ duration: Duration) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: duration)
        while clock.now < end {
            if context.isCancelled() { return false }
            Thread.sleep(forTimeInterval: min(0.2, (end - clock.now).seconds))
        }
        return !context.isCancelled()
    }
}
