import BenchConfig
import BlockingHTTP

#if canImport(Glibc)
import Glibc
#endif

/// Clusters that already exist, given by URL in the config (`provider.urls`): nothing is provisioned, nothing is
/// torn down. The smallest complete provider, and the example `docs/plugins.md` walks through.
///
/// Health means "answers HTTP": any status will do, since the provider cannot know what the app answers at its
/// root. There is no load balancer of its own to read, so `loadBalancerCounts` throws `metricsUnavailable` (the
/// report shows n/a), and there are no metric series unless a collector is passed in `Options`.
public final class StaticProvider: Provider {
    /// "static".
    public static let name = "static"
    /// One line for `coordinator plugins`.
    public static let summary =
        "clusters that already exist, given as URLs in provider.urls; provisions and tears down nothing"

    /// `urls`, the one key of its own (see `StaticSettings`).
    public static let settingsKeys = ["urls"]

    /// Reads `provider.urls`: a URL for every cluster.
    public static func decodeSettings(_ section: ProviderSection) throws(ConfigError) -> any ProviderSettings {
        try StaticSettings.decode(section)
    }

    /// Settings that are not in the experiment config.
    public struct Options: Sendable {
        /// A collector for the load balancer in front of the clusters, if the caller has one; nil by default.
        public var collector: (any MetricsCollector)?
        /// How long one health probe waits for an answer.
        public var probeTimeout: Duration

        /// Options with no collector and 2 s probes.
        public init(collector: (any MetricsCollector)? = nil, probeTimeout: Duration = .seconds(2)) {
            self.collector = collector
            self.probeTimeout = probeTimeout
        }
    }

    /// The run this provider works for.
    public let context: ProviderContext
    /// Its settings.
    public let options: Options

    /// A provider for the run described by `context`, with default options.
    public convenience init(context: ProviderContext) {
        self.init(context: context, options: Options())
    }

    /// A provider for the run described by `context`.
    public init(context: ProviderContext, options: Options) {
        self.context = context
        self.options = options
    }

    /// Returns each cluster at its URL from `provider.urls`; starts nothing. The deployment's `loadBalancerURL`
    /// is the clusters' shared origin (`http://host:port`), or their origins joined by ", ".
    public func provision(_ config: ExperimentConfig) throws(ProviderError) -> Deployment {
        guard config.faults.isEmpty else {
            throw .invalidConfig(
                "the static provider cannot kill or pause instances it did not start (config \"faults\")")
        }
        let urls = config.provider.settings(as: StaticSettings.self)?.urls ?? [:]
        var clusters: [DeployedCluster] = []
        for cluster in config.clusters {
            guard let url = urls[cluster.name] else {
                throw .invalidConfig("provider.urls has no URL for cluster \(cluster.name)")
            }
            clusters.append(DeployedCluster(name: cluster.name, path: cluster.path, targetURL: url, instances: []))
            context.log(
                "\(cluster.name): \(url) (already running; \(cluster.count) x \(cluster.instanceType) as configured)")
        }
        var origins: [String] = []
        for cluster in clusters where !origins.contains(Self.origin(of: cluster.targetURL)) {
            origins.append(Self.origin(of: cluster.targetURL))
        }
        return Deployment(loadBalancerURL: origins.joined(separator: ", "), clusters: clusters)
    }

    /// Probes every cluster's URL until each answers with any HTTP status; throws `unhealthy` naming the first
    /// cluster that did not answer within `timeout`, with the last transport error.
    public func waitUntilHealthy(_ deployment: Deployment, timeout: Duration) throws(ProviderError) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        for cluster in deployment.clusters {
            while true {
                let lastError: String
                do {
                    let probe = min(options.probeTimeout, max(.milliseconds(100), clock.now.duration(to: deadline)))
                    let response = try HTTPClient.get(cluster.targetURL, timeout: probe, isCancelled: context.isCancelled)
                    context.log("\(cluster.name) answers at \(cluster.targetURL) (status \(response.status))")
                    break
                } catch {
                    lastError = "\(error)"
                }
                if context.isCancelled() { throw .cancelled("waiting for the clusters to answer") }
                guard clock.now < deadline else {
                    throw .unhealthy(
                        "cluster \(cluster.name) at \(cluster.targetURL) did not answer within \(timeout): \(lastError)"
                    )
                }
                usleep(100_000)
            }
        }
    }

    /// Always throws `metricsUnavailable`: the provider reads no load balancer of its own.
    public func loadBalancerCounts() throws(ProviderError) -> [String: BackendCounts] {
        throw .metricsUnavailable("the static provider has no load balancer of its own to read counts from")
    }

    /// The collector given in `Options`, if any.
    public var metricsCollector: (any MetricsCollector)? { options.collector }

    /// Nothing to do: the clusters were there before the run and stay after it.
    public func teardown() {}

    /// `scheme://authority` of a URL (`http://127.0.0.1:8080` of `http://127.0.0.1:8080/cluster1`).
    static func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        return String(url[..<authorityEnd])
    }
}
