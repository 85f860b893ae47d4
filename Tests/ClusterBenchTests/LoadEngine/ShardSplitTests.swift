import LoadEngine
import Testing
import Wire

/// A shard split over engine threads asks, in all, exactly what the shard asks: every connection, request, flow,
/// arrival and in-flight slot in exactly one part, and no part with nothing to do.
@Suite struct ShardSplitTests {
    static func shard(_ loads: [ShardLoad], engine: EngineChoice? = nil) -> ShardAssignment {
        ShardAssignment(
            shardID: "s", epoch: 3,
            targets: loads.enumerated().map { ShardTarget(cluster: "c\($0.offset)", url: "http://h/\($0.offset)", load: $0.element) },
            requestTimeoutMilliseconds: 1000, reportIntervalMilliseconds: 100, engine: engine)
    }

    static func closed(_ load: ShardLoad) -> ShardClosed? {
        if case .closed(let closed) = load { closed } else { nil }
    }

    static func open(_ load: ShardLoad) -> ShardOpen? {
        if case .open(let open) = load { open } else { nil }
    }

    static func flows(_ load: ShardLoad) -> [ShardFlow] {
        if case .flows(let flows) = load { flows } else { [] }
    }

    /// Every arrival index of the schedule that `open` sends, in order.
    static func arrivals(_ open: ShardOpen) -> [Int] { OpenCapacityTests.arrivals(open) }

    @Test func closedConnectionsAndRequestsAddUpExactlyAndNoPartIsIdle() {
        var checked = 0
        for connections in [1, 2, 3, 5, 7, 64] {
            for requests in [nil, 1, 2, 3, 10, 203, 1000] as [Int?] {
                for threads in [1, 2, 3, 4, 8] {
                    let load = ShardLoad.closed(ShardClosed(connections: connections, requests: requests, durationMilliseconds: requests == nil ? 1500 : nil))
                    let parts = ShardSplit.parts(of: Self.shard([load]), threads: threads)
                    let shares = parts.flatMap { $0.shard.targets.compactMap { Self.closed($0.load) } }
                    let context = "\(connections) connections, \(requests.map(String.init) ?? "timed"), \(threads) threads"
                    #expect(parts.count == min(threads, connections, requests ?? .max), "\(context)")
                    #expect(shares.count == parts.count, "\(context)")
                    #expect(shares.reduce(0) { $0 + $1.connections } == connections, "\(context)")
                    #expect(shares.allSatisfy { $0.connections >= 1 }, "\(context)")
                    // Connections dealt: the parts differ by at most one.
                    let counts = shares.map(\.connections)
                    #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1, "\(context)")
                    if let requests {
                        #expect(shares.reduce(0) { $0 + ($1.requests ?? 0) } == requests, "\(context)")
                        #expect(shares.allSatisfy { ($0.requests ?? 0) >= 1 }, "\(context)")
                    } else {
                        #expect(shares.allSatisfy { $0.durationMilliseconds == 1500 && $0.requests == nil }, "\(context)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == 210)
    }

    @Test func aRequestCountFollowsTheConnections() throws {
        // 7 connections over 3 threads: 3, 2, 2; 100 requests in proportion: 43, 29, 28 (largest remainder).
        let parts = ShardSplit.parts(of: Self.shard([.closed(ShardClosed(connections: 7, requests: 100))]), threads: 3)
        let shares = parts.compactMap { Self.closed($0.shard.targets[0].load) }
        #expect(shares.map(\.connections) == [3, 2, 2])
        #expect(shares.map(\.requests) == [43, 29, 28])
    }

    @Test func flowsAreDealtRoundRobinWhole() {
        let flows = (0..<5).map { ShardFlow(name: "c/f\($0)", steps: [WireStep(requests: $0 + 1)]) }
        let parts = ShardSplit.parts(of: Self.shard([.flows(flows)]), threads: 2)
        #expect(parts.map { Self.flows($0.shard.targets[0].load).map(\.name) } == [
            ["c/f0", "c/f2", "c/f4"], ["c/f1", "c/f3"],
        ])
        #expect(parts.map { $0.shard.totalRequests } == [9, 6])
    }

    @Test(arguments: [
        (slots: [0], round: 1), (slots: [1], round: 3), (slots: [0, 2, 3], round: 4), (slots: [2, 5, 6], round: 7),
    ])
    func openPartsPartitionTheAgentsArrivalsRoundRobin(slots: [Int], round: Int) throws {
        // 1000/s for 5 s: 5000 arrivals of the cluster; the agent holds `slots` of every round of `round`.
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 1000, toRate: 1000, duration: .seconds(5))])
        let share = ShardOpen(schedule: schedule, slots: slots, roundLength: round, maxInFlight: 11)
        let agent = Self.arrivals(share)
        #expect(agent.count == share.arrivalCount)
        #expect(agent.count >= 1000)
        for threads in [2, 3, 4] {
            let parts = ShardSplit.parts(of: Self.shard([.open(share)]), threads: threads)
            try #require(parts.count == threads)
            let opens = parts.compactMap { Self.open($0.shard.targets[0].load) }
            // The agent's j-th arrival goes to thread j mod N, and nothing else does.
            for (thread, open) in opens.enumerated() {
                let expected = agent.indices.filter { $0 % threads == thread }.map { agent[$0] }
                #expect(Self.arrivals(open) == expected, "thread \(thread) of \(threads), slots \(slots) of \(round)")
                #expect(open.arrivalCount == expected.count)
            }
            #expect(Set(opens.flatMap(Self.arrivals)).count == agent.count)
            #expect(opens.map(\.maxInFlight).reduce(0, +) == 11)
            #expect(opens.allSatisfy { $0.maxInFlight >= 1 && $0.maxInFlight >= 11 / threads })
            #expect(opens.allSatisfy { $0.schedule == schedule })
        }
    }

    @Test func fewerThreadsWhenTheShardCannotUseThem() {
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 100, toRate: 100, duration: .seconds(1))])
        // An in-flight cap of 2 is two parts at most; so are 2 requests on 10 connections; one flow is one.
        #expect(ShardSplit.parts(of: Self.shard([.open(ShardOpen(schedule: schedule, agentIndex: 0, agentCount: 1, maxInFlight: 2))]), threads: 4).count == 2)
        #expect(ShardSplit.parts(of: Self.shard([.closed(ShardClosed(connections: 10, requests: 2))]), threads: 8).count == 2)
        #expect(ShardSplit.parts(of: Self.shard([.closed(ShardClosed(connections: 3, durationMilliseconds: 10))]), threads: 8).count == 3)
        let single = Self.shard([.flows([ShardFlow(name: "c/f", steps: [WireStep(requests: 3)])])])
        #expect(ShardSplit.parts(of: single, threads: 8) == [ShardPart(shard: single, targetMap: [0])])
        // An open share with 3 arrivals (agent 1 of 3 over 10 arrivals) is three parts at most, whatever its cap.
        let short = ArrivalSchedule(segments: [.init(fromRate: 100, toRate: 100, duration: .milliseconds(100))])
        let few = ShardOpen(schedule: short, agentIndex: 1, agentCount: 3, maxInFlight: 100)
        #expect(few.arrivalCount == 3)
        #expect(ShardSplit.parts(of: Self.shard([.open(few)]), threads: 8).count == 3)
    }

    @Test func oneThreadIsTheWholeShard() {
        let shard = Self.shard([.closed(ShardClosed(connections: 8, requests: 80)), .flows([ShardFlow(name: "c/f", steps: [WireStep(requests: 1)])])])
        #expect(ShardSplit.parts(of: shard, threads: 1) == [ShardPart(shard: shard, targetMap: [0, 1])])
        #expect(ShardSplit.parts(of: shard, threads: 0) == [ShardPart(shard: shard, targetMap: [0, 1])])
    }

    @Test func targetsSpreadOverTheThreadsAndMapBack() {
        // Target 0 takes threads 0-3, target 1 (one flow) the next, thread 0, target 2 (cap 2) threads 1 and 2.
        let schedule = ArrivalSchedule(segments: [.init(fromRate: 100, toRate: 100, duration: .seconds(1))])
        let shard = Self.shard(
            [
                .closed(ShardClosed(connections: 4, requests: 40)),
                .flows([ShardFlow(name: "c/f", steps: [WireStep(requests: 5)])]),
                .open(ShardOpen(schedule: schedule, agentIndex: 0, agentCount: 1, maxInFlight: 2)),
            ], engine: .fast)
        let parts = ShardSplit.parts(of: shard, threads: 4)
        #expect(parts.map(\.targetMap) == [[0, 1], [0, 2], [0, 2], [0]])
        for part in parts {
            #expect(part.shard.shardID == "s" && part.shard.epoch == 3 && part.shard.engine == .fast)
            #expect(part.shard.requestTimeoutMilliseconds == 1000 && part.shard.reportIntervalMilliseconds == 100)
            #expect(zip(part.targetMap, part.shard.targets).allSatisfy { shard.targets[$0].url == $1.url })
        }
        // Two single-connection targets over 4 threads: two threads, one target each.
        let two = Self.shard([.closed(ShardClosed(connections: 1, requests: 9)), .closed(ShardClosed(connections: 1, requests: 9))])
        #expect(ShardSplit.parts(of: two, threads: 4).map(\.targetMap) == [[0], [1]])
    }
}
