import BenchConfig
import Foundation
import Testing

@testable import Plugins

/// The static provider on its own: clusters at URLs, probed for an answer, nothing started or stopped.
@Suite(.timeLimit(.minutes(1)))
struct StaticProviderTests {
    let context = ProviderContext(runID: "static-test", runDirectory: "/tmp", projectRoot: "/tmp")

    func config(_ urls: [String: String], faults: [FaultConfig] = []) -> ExperimentConfig {
        ExperimentConfig(
            name: "static", description: "",
            provider: ProviderConfig(name: "static", settings: StaticSettings(urls: urls)),
            clusters: [
                ClusterConfig(name: "c1", path: "/c1", instanceType: "t2.micro", count: 1),
                ClusterConfig(name: "c2", path: "/c2", instanceType: "t2.micro", count: 2),
            ],
            load: LoadConfig(flows: [FlowConfig(name: "A", steps: [.requests(1)])]),
            agents: AgentsConfig(), faults: faults)
    }

    @Test func clustersAreTheirURLsAndAnswerAnyStatus() throws {
        let server = try TestServer()
        defer { server.stop() }
        let provider = StaticProvider(context: context)
        let deployment = try provider.provision(
            config(["c1": server.baseURL + "/status/404", "c2": server.baseURL + "/status/500"]))
        #expect(deployment.loadBalancerURL == server.baseURL)
        #expect(
            deployment.clusters.map(\.targetURL) == [server.baseURL + "/status/404", server.baseURL + "/status/500"])
        #expect(deployment.clusters.allSatisfy { $0.instances.isEmpty })
        try provider.waitUntilHealthy(deployment, timeout: .seconds(5))
        let error = #expect(throws: ProviderError.self) { try provider.loadBalancerCounts() }
        #expect(error?.code == .metricsUnavailable)
        #expect(provider.metricsCollector == nil)
        provider.teardown()
        #expect(server.child.isRunning)  // nothing of the clusters is torn down
    }

    @Test func aClusterThatNeverAnswersIsNamed() throws {
        // A port that was free a moment ago: nothing listens there.
        let port = try LoopbackPorts.reserve(1)[0]
        let provider = StaticProvider(context: context, options: .init(probeTimeout: .milliseconds(200)))
        let deployment = try provider.provision(
            config(["c1": "http://127.0.0.1:\(port)/a", "c2": "http://127.0.0.1:\(port)/b"]))
        #expect(deployment.loadBalancerURL == "http://127.0.0.1:\(port)")
        let error = #expect(throws: ProviderError.self) {
            try provider.waitUntilHealthy(deployment, timeout: .seconds(1))
        }
        #expect(error?.code == .unhealthy)
        #expect(
            error?.description.hasPrefix("cluster c1 at http://127.0.0.1:\(port)/a did not answer within 1.0 seconds: ")
                == true)
    }

    @Test func faultsAndMissingURLsAreRefused() {
        let provider = StaticProvider(context: context)
        let kill = FaultConfig(at: .seconds(1), cluster: "c1", instance: 1, action: .kill)
        let faults = #expect(throws: ProviderError.self) {
            _ = try provider.provision(
                config(["c1": "http://127.0.0.1:1/", "c2": "http://127.0.0.1:1/"], faults: [kill]))
        }
        #expect(faults?.code == .invalidConfig)
        let missing = #expect(throws: ProviderError.self) { _ = try provider.provision(config(["c1": "http://x/"])) }
        #expect(missing?.description == "provider.urls has no URL for cluster c2")
        #expect(StaticProvider.origin(of: "https://h:1/p?q") == "https://h:1")
        let inject = #expect(throws: ProviderError.self) { try provider.inject(.kill, into: "c1-1") }
        #expect(inject?.description == "the static provider cannot kill instances (config \"faults\")")
    }
}
