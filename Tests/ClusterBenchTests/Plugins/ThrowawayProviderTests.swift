import BenchConfig
import Foundation
import Plugins
import StrictJSON
import Testing

/// A provider written only here, with a key of its own (`bucketSize`) and an error of its own, registered in a
/// registry made for the test: the config loader hands it its keys and reports its errors in the one-line form, and
/// nothing outside this file knows it exists. `docs/plugins.md` walks through the same steps.
final class BucketProvider: Provider {
    static let name = "bucket"
    static let summary = "a provider that exists only in a test"
    static let settingsKeys = ["bucketSize"]

    /// `bucketSize`: an even number of instances per bucket, at least the number of clusters.
    struct Settings: ProviderSettings, Equatable {
        var bucketSize: Int
        func jsonMembers() -> JSONObject { ["bucketSize": .int(Int64(bucketSize))] }
    }

    static func decodeSettings(_ section: ProviderSection) throws(ConfigError) -> any ProviderSettings {
        guard let node = section.member("bucketSize") else { throw section.node.missing("bucketSize") }
        let size = try node.int(in: 1...64)
        guard size.isMultiple(of: 2) else { throw node.error("expected an even bucket size, found \(size)") }
        guard size >= section.clusters.count else {
            throw node.error("a bucket of \(size) cannot hold \(section.clusters.count) clusters")
        }
        return Settings(bucketSize: size)
    }

    static func teardownLeftovers(runDirectory: String, log: (String) -> Void) {
        log("emptied the buckets of \(runDirectory)")
    }

    init(context: ProviderContext) {}

    func provision(_ config: ExperimentConfig) throws(ProviderError) -> Deployment {
        throw .invalidConfig("the bucket provider only exists to be validated")
    }

    func waitUntilHealthy(_ deployment: Deployment, timeout: Duration) throws(ProviderError) {}

    func loadBalancerCounts() throws(ProviderError) -> [String: BackendCounts] { [:] }

    func teardown() {}
}

@Suite struct ThrowawayProviderTests {
    let registry = ProviderRegistry([LocalProvider.self, BucketProvider.self])

    func config(_ provider: String) -> String {
        """
        {
          "name": "buckets",
          "provider": \(provider),
          "clusters": [
            {"name": "c1", "path": "/c1", "instanceType": "t2.micro", "count": 2},
            {"name": "c2", "path": "/c2", "instanceType": "t2.micro", "count": 2}
          ],
          "load": {"flows": [{"name": "A", "steps": [{"requests": 1}]}]}
        }
        """
    }

    func failure(_ provider: String) -> String? {
        do {
            _ = try registry.configLoader().parse(config(provider), file: "buckets.json")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func goodSettingsReachTheProviderAndRoundTrip() throws {
        let loader = registry.configLoader()
        let experiment = try loader.parse(config(#"{"bucketSize": 4, "name": "bucket"}"#), file: "buckets.json")
        #expect(experiment.provider.name == "bucket")
        #expect(experiment.provider.settings(as: BucketProvider.Settings.self) == .init(bucketSize: 4))
        let resolved = experiment.json().serialized(pretty: true)
        #expect(resolved.contains(#""bucketSize" : 4"#) || resolved.contains(#""bucketSize": 4"#))
        #expect(try loader.parse(resolved, file: "resolved.json") == experiment)
    }

    @Test func badSettingsGiveTheProvidersOneLineError() {
        #expect(
            failure(#"{"name": "bucket", "bucketSize": 3}"#)
                == "buckets.json: $.provider.bucketSize: expected an even bucket size, found 3")
        #expect(
            failure(#"{"name": "bucket", "bucketSize": 0}"#)
                == "buckets.json: $.provider.bucketSize: expected an integer >= 1, found 0")
        #expect(
            failure(#"{"name": "bucket"}"#) == #"buckets.json: $.provider: missing required key "bucketSize""#)
        #expect(
            failure(#"{"name": "bucket", "bucketSise": 4}"#)
                == #"buckets.json: $.provider.bucketSise: unknown key "bucketSise"; expected one of: name, "#
                + #"healthTimeout, metricsPeriod, bucketSize (did you mean "bucketSize"?)"#)
        #expect(
            failure(#"{"name": "local", "bucketSize": 4}"#)
                == #"buckets.json: $.provider.bucketSize: provider "local" takes no "bucketSize"; it is a setting of "#
                + #"provider "bucket""#)
    }

    @Test func theProviderIsUnknownOutsideItsRegistry() {
        let error = #expect(throws: ConfigError.self) {
            try ProviderRegistry.builtIn.configLoader().parse(config(#"{"name": "bucket", "bucketSize": 4}"#), file: "b.json")
        }
        #expect(error?.description == #"b.json: $.provider.name: unknown provider "bucket"; registered: local, static, aws"#)
    }

    @Test func teardownOfLeftoversGoesToTheProviderThatMadeTheRun() throws {
        var lines: [String] = []
        let type = try #require(registry.provider(named: "bucket"))
        type.teardownLeftovers(runDirectory: "/tmp/run-1") { lines.append($0) }
        #expect(lines == ["emptied the buckets of /tmp/run-1"])
    }
}
