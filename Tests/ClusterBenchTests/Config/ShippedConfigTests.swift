import Testing

@testable import BenchConfig
@testable import Plugins

/// The configs in `config/` load to the experiments the docs describe.
@Suite struct ShippedConfigTests {
    let loader = ProviderRegistry.builtIn.configLoader()

    func load(_ name: String) throws -> ExperimentConfig {
        try loader.load(file: TestSupport.projectRoot + "/config/" + name)
    }

    @Test func localIsTP1WithAShortPause() throws {
        let config = try load("local.json")
        #expect(config.name == "tp1-local")
        #expect(config.description.contains("the reference pause of 60 s is shortened to 10 s"))
        #expect(config.provider == ProviderConfig(name: "local", healthTimeout: .seconds(60)))
        #expect(
            config.clusters == [
                ClusterConfig(name: "cluster1", path: "/cluster1", instanceType: "m4.large", count: 4),
                ClusterConfig(name: "cluster2", path: "/cluster2", instanceType: "t2.xlarge", count: 4),
            ]
        )
        #expect(
            config.load.flows == [
                FlowConfig(name: "A", steps: [.requests(1000)]),
                FlowConfig(name: "B", steps: [.requests(500), .pause(.seconds(10)), .requests(1000)]),
            ]
        )
        #expect(config.load.flows.map(\.totalRequests).reduce(0, +) == 2500)
        #expect(config.load.schedule == .sequential)
        #expect(config.agents == AgentsConfig())
    }

    @Test func tp1IsTheLabOnAWSWithTheFullPause() throws {
        let config = try load("tp1.json")
        let local = try load("local.json")
        #expect(config.name == "tp1")
        #expect(config.description.contains("the reference lab on AWS"))
        #expect(config.provider.name == "aws")
        #expect(config.provider.healthTimeout == .seconds(600))
        let settings = try #require(config.provider.settings(as: AWSSettings.self))
        #expect(settings.region == "us-east-1")
        #expect(settings.availabilityZones == ["us-east-1a", "us-east-1b"])
        #expect(settings.ingressCIDRs == ["0.0.0.0/0"])
        #expect(settings.metricsSettle == .seconds(180))
        #expect(config.clusters == local.clusters)
        #expect(config.clusters.map(\.path) == ["/cluster1", "/cluster2"])
        #expect(config.load.schedule == .sequential)
        #expect(config.load.flows[1].steps == [.requests(500), .pause(.seconds(60)), .requests(1000)])
        #expect(config.load.flows.map(\.totalRequests).reduce(0, +) == 2500)
        #expect(config.agents.spawn == 2)
    }

    @Test func smallIsWhatIntegrationTestsRun() throws {
        let config = try load("small.json")
        #expect(config.provider == ProviderConfig(name: "local", healthTimeout: .seconds(30)))
        #expect(config.clusters.map(\.instanceType) == ["t2.micro", "t2.small"])
        #expect(config.clusters.map(\.count) == [2, 2])
        #expect(config.clusters.map(\.path) == ["/cluster1", "/cluster2"])
        #expect(
            config.load.flows == [
                FlowConfig(name: "A", steps: [.requests(40)]),
                FlowConfig(name: "B", steps: [.requests(20), .pause(.milliseconds(500)), .requests(30)]),
            ]
        )
        #expect(config.load.flows.map(\.totalRequests).reduce(0, +) == 90)
        #expect(config.load.reportInterval == .milliseconds(200))
        #expect(config.load.requestTimeout == .seconds(10))
        #expect(config.load.schedule == .sequential)
        #expect(config.agents.spawn == 2)
    }

    @Test(arguments: ["local.json", "tp1.json", "small.json"])
    func shippedConfigRoundTrips(name: String) throws {
        let config = try load(name)
        let text = config.json().serialized(pretty: true)
        #expect(try loader.parse(text, file: "resolved.json") == config)
    }
}

/// The closed and open examples that the end-to-end tests run.
@Suite struct ShippedModelConfigTests {
    let loader = ProviderRegistry.builtIn.configLoader()

    @Test func smallClosedAsksForAnExactCount() throws {
        let config = try loader.load(file: TestSupport.projectRoot + "/config/small-closed.json")
        #expect(config.load.workload == .closed(ClosedLoad(connections: 4, limit: .requests(200))))
        #expect(config.clusters.allSatisfy { $0.load == nil })
    }

    @Test func smallOpenGivesCluster2ItsOwnStages() throws {
        let config = try loader.load(file: TestSupport.projectRoot + "/config/small-open.json")
        #expect(config.load.schedule == .parallel)
        #expect(config.workload(for: config.clusters[0]).requestCount == 200)
        #expect(config.workload(for: config.clusters[1]).requestCount == 150)
    }
}
