import BenchCore
import Testing

@Suite struct ShardPlannerTests {
    static let flows = [
        FlowConfig(name: "A", steps: [.requests(1000)]),
        FlowConfig(name: "B", steps: [.requests(500), .pause(.seconds(60)), .requests(1000)]),
    ]
    static let targets = [
        ShardTarget(cluster: "cluster1", url: "http://lb/cluster1"),
        ShardTarget(cluster: "cluster2", url: "http://lb/cluster2"),
    ]

    @Test func sequentialGivesOnePhasePerClusterWithEveryFlow() {
        let phases = ShardPlanner(load: LoadConfig(schedule: .sequential, flows: Self.flows))
            .plan(targets: Self.targets, agentCount: 2)
        #expect(phases.map(\.clusters) == [["cluster1"], ["cluster2"]])
        #expect(phases.map(\.requestsPerCluster) == [["cluster1": 2500], ["cluster2": 2500]])
        // Flow A to agent 0, flow B to agent 1, in each phase.
        #expect(phases[0].shards[0]?.flows.map(\.name) == ["cluster1/A"])
        #expect(phases[0].shards[1]?.flows.map(\.name) == ["cluster1/B"])
        #expect(phases[1].shards[1]?.flows.first?.steps.map(\.pauseMilliseconds) == [nil, 60_000, nil])
    }

    @Test func parallelDealsAllFlowsRoundRobin() {
        let phases = ShardPlanner(load: LoadConfig(schedule: .parallel, flows: Self.flows))
            .plan(targets: Self.targets, agentCount: 3)
        #expect(phases.count == 1)
        #expect(phases[0].requestsPerCluster == ["cluster1": 2500, "cluster2": 2500])
        #expect(phases[0].shards[0]?.flows.map(\.name) == ["cluster1/A", "cluster2/B"])
        #expect(phases[0].shards[1]?.flows.map(\.name) == ["cluster1/B"])
        #expect(phases[0].shards[2]?.flows.map(\.name) == ["cluster2/A"])
        #expect(phases[0].shards[0]?.targets.map(\.cluster) == ["cluster1", "cluster2"])
    }

    @Test func moreAgentsThanFlowsLeavesSomeIdle() {
        let phases = ShardPlanner(load: LoadConfig(flows: Self.flows)).plan(targets: [Self.targets[0]], agentCount: 5)
        #expect(phases[0].shards.count == 2)
        #expect(phases[0].shards.values.map(\.totalRequests).sorted() == [1000, 1500])
    }
}
