import BenchConfig
import Planner
import Testing
import Wire

@Suite struct ShardPlannerTests {
    static let flows = [
        FlowConfig(name: "A", steps: [.requests(1000)]),
        FlowConfig(name: "B", steps: [.requests(500), .pause(.seconds(60)), .requests(1000)]),
    ]
    static let targets = [
        ShardPlanner.Endpoint(cluster: "cluster1", url: "http://lb/cluster1"),
        ShardPlanner.Endpoint(cluster: "cluster2", url: "http://lb/cluster2"),
    ]

    static func flowNames(_ shard: ShardAssignment?) -> [String] {
        shard?.targets.flatMap { target -> [String] in
            if case .flows(let flows) = target.load { flows.map(\.name) } else { [] }
        } ?? []
    }

    @Test func sequentialGivesOnePhasePerClusterWithEveryFlow() throws {
        let phases = ShardPlanner(load: LoadConfig(schedule: .sequential, flows: Self.flows))
            .plan(targets: Self.targets, agentCount: 2)
        #expect(phases.map(\.clusters) == [["cluster1"], ["cluster2"]])
        #expect(phases.map(\.requestsPerCluster) == [["cluster1": 2500], ["cluster2": 2500]])
        // Flow A to agent 0, flow B to agent 1, in each phase.
        #expect(Self.flowNames(phases[0].shards[0]) == ["cluster1/A"])
        #expect(Self.flowNames(phases[0].shards[1]) == ["cluster1/B"])
        let load = phases[1].shards[1]?.targets.first?.load
        let flows = try #require(
            { () -> [ShardFlow]? in if case .flows(let flows) = load { flows } else { nil } }(), "not flows: \(String(describing: load))")
        #expect(flows.first?.steps.map(\.pauseMilliseconds) == [nil, 60_000, nil])
    }

    @Test func parallelDealsAllFlowsRoundRobin() {
        let phases = ShardPlanner(load: LoadConfig(schedule: .parallel, flows: Self.flows))
            .plan(targets: Self.targets, agentCount: 3)
        #expect(phases.count == 1)
        #expect(phases[0].requestsPerCluster == ["cluster1": 2500, "cluster2": 2500])
        #expect(Self.flowNames(phases[0].shards[0]) == ["cluster1/A", "cluster2/B"])
        #expect(Self.flowNames(phases[0].shards[1]) == ["cluster1/B"])
        #expect(Self.flowNames(phases[0].shards[2]) == ["cluster2/A"])
        #expect(phases[0].shards[0]?.targets.map(\.cluster) == ["cluster1", "cluster2"])
    }

    @Test func moreAgentsThanFlowsLeavesSomeIdle() {
        let phases = ShardPlanner(load: LoadConfig(flows: Self.flows)).plan(targets: [Self.targets[0]], agentCount: 5)
        #expect(phases[0].shards.count == 2)
        #expect(phases[0].shards.values.compactMap(\.totalRequests).sorted() == [1000, 1500])
    }

    @Test(arguments: [(7, 100, 3), (3, 10, 2), (2, 3, 4), (10_000, 1, 3), (5, 1_000_003, 4)])
    func closedSplitsConnectionsEvenlyAndRequestsExactly(connections: Int, requests: Int, agents: Int) {
        let load = LoadConfig(workload: .closed(ClosedLoad(connections: connections, limit: .requests(requests))))
        let phase = ShardPlanner(load: load).plan(targets: [Self.targets[0]], agentCount: agents)[0]
        let parts = phase.shards.values.compactMap { shard -> ShardClosed? in
            if case .closed(let closed) = shard.targets[0].load { closed } else { nil }
        }
        #expect(parts.reduce(0) { $0 + ($1.requests ?? 0) } == requests)
        #expect(phase.requestsPerCluster == ["cluster1": requests])
        let counts = parts.map(\.connections)
        #expect(counts.allSatisfy { $0 >= 1 })
        #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1)
        // Every agent with a connection gets requests, unless there are fewer requests than agents.
        #expect(parts.count == min(agents, connections, requests))
        #expect(parts.allSatisfy { ($0.requests ?? 0) >= 1 })
    }

    @Test(arguments: EngineChoice.allCases) func everyShardCarriesTheConfigsEngine(engine: EngineChoice) {
        var load = LoadConfig(workload: .closed(ClosedLoad(connections: 4, limit: .requests(40))))
        load.engine = engine
        let phases = ShardPlanner(load: load).plan(targets: Self.targets, agentCount: 3)
        let shards = phases.flatMap { $0.shards.values }
        #expect(shards.count == 6)
        #expect(shards.allSatisfy { $0.engine == engine })
    }

    @Test func closedForADurationGivesEveryAgentTheDurationAndNoCount() {
        let load = LoadConfig(workload: .closed(ClosedLoad(connections: 5, limit: .duration(.seconds(3)))))
        let phase = ShardPlanner(load: load).plan(targets: [Self.targets[0]], agentCount: 2)[0]
        #expect(phase.shards[0]?.targets[0].load == .closed(ShardClosed(connections: 3, durationMilliseconds: 3000)))
        #expect(phase.shards[1]?.targets[0].load == .closed(ShardClosed(connections: 2, durationMilliseconds: 3000)))
        #expect(phase.requestsPerCluster == [:])
    }

    @Test func openInterleavesArrivalsSoTheMergedScheduleIsEvenlySpaced() throws {
        let open = OpenLoad(shape: .constant(rate: 200, duration: .seconds(3)), maxInFlight: 5)
        let phase = ShardPlanner(load: LoadConfig(workload: .open(open))).plan(targets: [Self.targets[0]], agentCount: 3)[0]
        #expect(phase.requestsPerCluster == ["cluster1": 600])
        var offsets: [UInt64] = []
        for agent in 0..<3 {
            let load = phase.shards[agent]?.targets[0].load
            let share = try #require(
                { () -> ShardOpen? in if case .open(let share) = load { share } else { nil } }(),
                "agent \(agent) has no open share: \(String(describing: load))")
            #expect(share.agentIndex == agent && share.agentCount == 3)
            #expect(share.arrivalCount == 200)
            #expect(share.maxInFlight == (agent < 2 ? 2 : 1))
            // Agent k's first arrival is at k / R: 0, 5 ms, 10 ms.
            #expect(share.schedule.offset(ofArrival: agent) == UInt64(agent) * 5_000_000)
            offsets += stride(from: agent, to: share.schedule.arrivalCount, by: 3).map(share.schedule.offset(ofArrival:))
        }
        #expect(offsets.sorted() == (0..<600).map { UInt64($0) * 5_000_000 })
    }

    @Test func perClusterOverrideChangesOnlyThatCluster() {
        var experiment = ExperimentConfig(
            name: "o", description: "", provider: ProviderConfig(name: "local"),
            clusters: [
                ClusterConfig(name: "cluster1", path: "/cluster1", instanceType: "t2.micro", count: 1),
                ClusterConfig(
                    name: "cluster2", path: "/cluster2", instanceType: "t2.micro", count: 1,
                    load: .closed(ClosedLoad(connections: 2, limit: .requests(10)))),
            ],
            load: LoadConfig(flows: Self.flows), agents: AgentsConfig())
        experiment.load.schedule = .parallel
        let phase = ShardPlanner(experiment: experiment).plan(targets: Self.targets, agentCount: 2)[0]
        #expect(phase.requestsPerCluster == ["cluster1": 2500, "cluster2": 10])
        #expect(phase.shards[0]?.targets.map(\.load.model) == [.flows, .closed])
        #expect(phase.shards[1]?.targets.map(\.load.model) == [.flows, .closed])
    }
}
