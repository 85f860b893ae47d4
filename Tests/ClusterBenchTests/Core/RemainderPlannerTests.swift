import BenchConfig
import Planner
import Testing
import Wire

/// What a shard lost after START still had to do, and how it is split over the agents left.
@Suite struct RemainderPlannerTests {
    static func shard(_ loads: [ShardLoad]) -> ShardAssignment {
        ShardAssignment(
            shardID: "p1-a1", epoch: 1,
            targets: loads.enumerated().map {
                ShardTarget(cluster: "c\($0.offset + 1)", url: "http://t/", load: $0.element)
            },
            requestTimeoutMilliseconds: 1000, reportIntervalMilliseconds: 100)
    }

    static func requests(_ count: Int) -> WireStep { WireStep(requests: count) }
    static func pause(_ milliseconds: Int) -> WireStep { WireStep(pauseMilliseconds: milliseconds) }

    @Test func flowsKeepWhatTheyHaveNotSentSpreadEvenlyAndAPauseGoesOnlyWhenPassed() {
        // 25 sent over flows of 10 and 50 requests: the short one is done (10), the long one sent 15.
        let flows = [
            ShardFlow(name: "c1/A", steps: [Self.requests(10)]),
            ShardFlow(name: "c1/B", steps: [Self.requests(20), Self.pause(500), Self.requests(30)]),
        ]
        let left = ShardPlanner.remainder(of: Self.shard([.flows(flows)]), sent: [0: 25], elapsedNanoseconds: 0)
        let rest = [Self.requests(5), Self.pause(500), Self.requests(30)]
        #expect(left.map(\.load) == [.flows([ShardFlow(name: "c1/B", steps: rest)])])
        // 40 sent: B is past its pause (20 + 10 of the 30 after it) once A's 10 are counted.
        let later = ShardPlanner.remainder(of: Self.shard([.flows(flows)]), sent: [0: 40], elapsedNanoseconds: 0)
        #expect(later.map(\.load) == [.flows([ShardFlow(name: "c1/B", steps: [Self.requests(20)])])])
        #expect(later.first?.load.requestCount == 60 - 40)
        // Exactly at the pause: it is kept, as it may not have been waited.
        let steps = [Self.requests(20), Self.pause(500), Self.requests(30)]
        #expect(ShardPlanner.remainder(
            of: Self.shard([.flows([ShardFlow(name: "B", steps: steps)])]), sent: [0: 20], elapsedNanoseconds: 0
        ).map(\.load) == [.flows([ShardFlow(name: "B", steps: [Self.pause(500), Self.requests(30)])])])
    }

    @Test func aClosedCountLeavesItsRestAndADurationWhatIsLeftOfIt() {
        let shard = Self.shard([
            .closed(ShardClosed(connections: 3, requests: 100)),
            .closed(ShardClosed(connections: 2, durationMilliseconds: 10_000)),
            .closed(ShardClosed(connections: 1, requests: 7)),
        ])
        let left = ShardPlanner.remainder(of: shard, sent: [0: 61, 1: 999, 2: 7], elapsedNanoseconds: 4_000_000_000)
        #expect(left.map(\.cluster) == ["c1", "c2"])
        #expect(left.map(\.load) == [
            .closed(ShardClosed(connections: 3, requests: 39)),
            .closed(ShardClosed(connections: 2, durationMilliseconds: 6000)),
        ])
    }

    @Test func anOpenShareContinuesAtItsRateFromTheMomentOfLoss() {
        // 100/s for 10 s over 4 agents: the lost one sent 25/s; 4 s in, 6 s of 25/s are left: 150 arrivals.
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 100, toRate: 100, duration: .seconds(10))])
        let shard = Self.shard([.open(ShardOpen(schedule: schedule, agentIndex: 1, agentCount: 4, maxInFlight: 8))])
        let left = ShardPlanner.remainder(of: shard, sent: [0: 100], elapsedNanoseconds: 4_000_000_000)
        guard case .open(let open) = left.first?.load else {
            Issue.record("expected an open remainder")
            return
        }
        #expect(open.schedule.segments == [.init(fromRate: 25, toRate: 25, duration: .seconds(6))])
        #expect(open.arrivalCount == 150)
        #expect(open.maxInFlight == 8)
        // A ramp cut halfway starts at its rate of that moment.
        let ramp = ArrivalSchedule(segments: [.init(fromRate: 0, toRate: 100, duration: .seconds(10))])
        let half = ramp.suffix(from: 5_000_000_000, scaledBy: 1)
        #expect(half.segments == [.init(fromRate: 50, toRate: 100, duration: .seconds(5))])
    }

    @Test func theRemainderIsSplitOverTheAgentsLeftUnderTheNewEpoch() {
        let flows = [FlowConfig(name: "A", steps: [.requests(1)])]
        let planner = ShardPlanner(load: LoadConfig(schedule: .sequential, flows: flows))
        let targets = [
            ShardTarget(cluster: "c1", url: "http://t/", load: .closed(ShardClosed(connections: 3, requests: 39))),
            ShardTarget(
                cluster: "c2", url: "http://t/", load: .flows([ShardFlow(name: "c2/B", steps: [Self.requests(5)])])),
        ]
        let shards = planner.split(targets, agentCount: 2, prefix: "p1-rest", epoch: 3)
        #expect(shards.keys.sorted() == [0, 1])
        #expect(shards[0]?.shardID == "p1-rest-a1-e3")
        #expect(shards[1]?.shardID == "p1-rest-a2-e3")
        #expect(shards.values.allSatisfy { $0.epoch == 3 })
        #expect(shards[0]?.targets.map(\.load) == [
            .closed(ShardClosed(connections: 2, requests: 26)),
            .flows([ShardFlow(name: "c2/B", steps: [Self.requests(5)])]),
        ])
        #expect(shards[1]?.targets.map(\.load) == [.closed(ShardClosed(connections: 1, requests: 13))])
        let total = shards.values.flatMap(\.targets).compactMap(\.load.requestCount).reduce(0, +)
        #expect(total == 39 + 5)
    }
}

/// Plans weighed by the cores each agent reported.
@Suite struct CapacityPlanTests {
    static let endpoint = [ShardPlanner.Endpoint(cluster: "c1", url: "http://lb/c1")]

    @Test func flowsConnectionsAndCountsFollowTheAgentsCores() {
        let flows = (1...6).map { FlowConfig(name: "F\($0)", steps: [.requests(10)]) }
        let byFlows = ShardPlanner(load: LoadConfig(schedule: .sequential, flows: flows))
            .phase(number: 1, targets: Self.endpoint, capacities: [4, 2], epoch: 1)
        #expect(byFlows.shards[0]?.totalRequests == 40)
        #expect(byFlows.shards[1]?.totalRequests == 20)

        var load = LoadConfig(schedule: .sequential, flows: flows)
        load.workload = .closed(ClosedLoad(connections: 10, limit: .requests(1001)))
        let closed = ShardPlanner(load: load).phase(number: 1, targets: Self.endpoint, capacities: [1, 8, 1], epoch: 1)
        let parts = (0..<3).map { closed.shards[$0]?.targets.first?.load }
        // One connection each, the other 7 by cores: 0.7, 5.6, 0.7 by largest remainder (ties to the earlier) is
        // 1, 5, 1; the 1001 requests by connections: 200.2, 600.6, 200.2 is 200, 601, 200.
        let connections = parts.map { part -> Int in if case .closed(let c) = part { c.connections } else { 0 } }
        let requests = parts.map { part -> Int in if case .closed(let c) = part { c.requests ?? 0 } else { 0 } }
        #expect(connections == [2, 6, 2])
        #expect(requests == [200, 601, 200])
    }

    @Test func equalCoresGiveTheEvenSplit() {
        let flows = (1...5).map { FlowConfig(name: "F\($0)", steps: [.requests(1)]) }
        let planner = ShardPlanner(load: LoadConfig(schedule: .sequential, flows: flows))
        #expect(
            planner.phase(number: 1, targets: Self.endpoint, capacities: [8, 8, 8], epoch: 1)
                == planner.phase(number: 1, targets: Self.endpoint, agentCount: 3, epoch: 1))
        for connections in [2, 3, 7, 10, 100] {
            var load = LoadConfig(schedule: .sequential, flows: flows)
            load.workload = .closed(ClosedLoad(connections: connections, limit: .requests(1000)))
            let closed = ShardPlanner(load: load)
            #expect(
                closed.phase(number: 1, targets: Self.endpoint, capacities: [3, 3, 3], epoch: 1)
                    == closed.phase(number: 1, targets: Self.endpoint, agentCount: 3, epoch: 1))
        }
    }
}
