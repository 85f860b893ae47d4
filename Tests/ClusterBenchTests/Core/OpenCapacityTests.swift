import BenchConfig
import Foundation
import Planner
import Testing
import Wire

/// The open model's arrivals dealt by the agents' cores: exact counts, every arrival to exactly one agent (the
/// rates add up to R), no agent without arrivals while there are enough, and the lost-agent remainder consistent.
@Suite struct OpenCapacityTests {
    static let endpoint = [ShardPlanner.Endpoint(cluster: "c1", url: "http://lb/c1")]

    static func planner(rate: Double, seconds: Int, maxInFlight: Int = 16) -> ShardPlanner {
        let open = OpenLoad(shape: .constant(rate: rate, duration: .seconds(seconds)), maxInFlight: maxInFlight)
        return ShardPlanner(load: LoadConfig(workload: .open(open)))
    }

    static func shares(_ phase: ShardPlanner.Phase) -> [Int: ShardOpen] {
        phase.shards.compactMapValues { shard in
            if case .open(let share) = shard.targets[0].load { share } else { nil }
        }
    }

    /// Every arrival index an agent's share sends, walking it as the engine does.
    static func arrivals(_ share: ShardOpen) -> [Int] {
        var result: [Int] = []
        var next = share.firstArrival
        while next < share.schedule.arrivalCount {
            result.append(next)
            next = share.arrival(after: next)
        }
        return result
    }

    @Test func arrivalsFollowTheCoresAndAddUpExactly() throws {
        // 100/s for 10 s over agents of 4, 2, 1 and 1 cores: a round of 8 arrivals, 4 + 2 + 1 + 1.
        let phase = Self.planner(rate: 100, seconds: 10).phase(
            number: 1, targets: Self.endpoint, capacities: [4, 2, 1, 1], epoch: 1)
        let shares = Self.shares(phase)
        #expect(shares.keys.sorted() == [0, 1, 2, 3])
        #expect((0..<4).map { shares[$0]!.arrivalCount } == [500, 250, 125, 125])
        #expect((0..<4).map { shares[$0]!.roundSlots } == [[0, 4, 5, 7], [1, 6], [2], [3]])
        #expect(shares.values.allSatisfy { $0.agentCount == 8 })
        #expect(phase.requestsPerCluster == ["c1": 1000])
        // Each arrival goes to exactly one agent, and each agent's walk matches its count.
        var all: [Int] = []
        for agent in 0..<4 {
            let walked = Self.arrivals(shares[agent]!)
            #expect(walked.count == shares[agent]!.arrivalCount)
            all += walked
        }
        #expect(all.sorted() == Array(0..<1000))
        // The in-flight cap of 16 by cores: one each, the other 12 in proportion, 6, 3, 1.5, 1.5 -> 6, 3, 2, 1.
        #expect((0..<4).map { shares[$0]!.maxInFlight } == [7, 4, 3, 2])
    }

    @Test func aCountThatIsNoMultipleOfTheRoundStillAddsUp() {
        // 1001 arrivals over 3 and 1 cores: rounds of 4 (slots 0, 2, 3 and 1); 250 rounds and one arrival more.
        let phase = Self.planner(rate: 1001, seconds: 1).phase(
            number: 1, targets: Self.endpoint, capacities: [3, 1], epoch: 1)
        let shares = Self.shares(phase)
        #expect(shares[0]?.arrivalCount == 751)
        #expect(shares[1]?.arrivalCount == 250)
        #expect(Self.arrivals(shares[0]!).count + Self.arrivals(shares[1]!).count == 1001)
    }

    @Test func noAgentGoesWithoutArrivalsWhileThereAreEnough() {
        // 5 arrivals over 100 and 1 cores: the small agent still holds the second slot of the round.
        let phase = Self.planner(rate: 5, seconds: 1).phase(
            number: 1, targets: Self.endpoint, capacities: [100, 1], epoch: 1)
        let shares = Self.shares(phase)
        #expect(Self.arrivals(shares[0]!) == [0, 2, 3, 4])
        #expect(Self.arrivals(shares[1]!) == [1])
        // Fewer arrivals than agents: those past them get no shard at all.
        let few = Self.planner(rate: 2, seconds: 1).phase(
            number: 1, targets: Self.endpoint, capacities: [1, 1, 1], epoch: 1)
        #expect(few.shards.keys.sorted() == [0, 1])
    }

    @Test func equalCoresGiveTheRoundRobinOfBefore() {
        let planner = Self.planner(rate: 200, seconds: 3)
        let weighted = planner.phase(number: 1, targets: Self.endpoint, capacities: [16, 16, 16], epoch: 1)
        #expect(weighted == planner.phase(number: 1, targets: Self.endpoint, agentCount: 3, epoch: 1))
        #expect(Self.shares(weighted).values.allSatisfy { $0.slots == nil && $0.agentCount == 3 })
    }

    @Test func hugeCapacitiesKeepTheRoundWithinTheWireLimit() throws {
        let phase = Self.planner(rate: 1000, seconds: 200).phase(
            number: 1, targets: Self.endpoint, capacities: [65_536, 65_535, 3, 1], epoch: 1)
        let shares = Self.shares(phase)
        #expect(shares.count == 4)
        let round = shares[0]!.agentCount
        #expect(round <= WireLimits.agentCount.upperBound)
        #expect(shares.values.map { $0.roundSlots.count }.reduce(0, +) == round)
        #expect(shares.values.map(\.arrivalCount).reduce(0, +) == 200_000)
        // Every share survives the wire's strict decoding and range checks.
        for shard in phase.shards.values {
            let frames = WireMessage.shard(shard).frames()
            #expect(try WireMessage(frames: frames) == .shard(shard))
        }
    }

    @Test func slotsThatBreakTheRulesAreRefused() {
        let schedule = #"{"segments":[{"fromRate":5,"toRate":5,"durationNanoseconds":1000000000}]}"#
        for slots in ["[1,0]", "[0,8]", "[2,3]", "[0,0]", "[]"] {
            let json = #"{"schedule":"# + schedule + #","agentIndex":0,"agentCount":8,"maxInFlight":1,"slots":"#
                + slots + "}"
            #expect(throws: DecodingError.self, "slots \(slots)") {
                _ = try JSONDecoder().decode(ShardOpen.self, from: Data(json.utf8))
            }
        }
    }

    @Test func aLostShareIsReplannedAtItsRateByTheSurvivorsCores() {
        // The agent of 4 cores of the first test is lost 4 s in: half of 100/s for 6 s is left, 300 arrivals, dealt
        // over survivors of 2, 1 and 1 cores as 150, 75, 75.
        let phase = Self.planner(rate: 100, seconds: 10).phase(
            number: 1, targets: Self.endpoint, capacities: [4, 2, 1, 1], epoch: 1)
        let lost = phase.shards[0]!
        let left = ShardPlanner.remainder(of: lost, sent: [0: 200], elapsedNanoseconds: 4_000_000_000)
        guard case .open(let rest) = left.first?.load else {
            Issue.record("expected an open remainder")
            return
        }
        #expect(rest.schedule.segments == [.init(fromRate: 50, toRate: 50, duration: .seconds(6))])
        #expect(rest.arrivalCount == 300)
        let replanned = Self.planner(rate: 100, seconds: 10).split(left, capacities: [2, 1, 1], prefix: "p1-rest", epoch: 2)
        let counts = (0..<3).map { agent -> Int in
            if case .open(let share) = replanned[agent]?.targets[0].load { share.arrivalCount } else { 0 }
        }
        #expect(counts == [150, 75, 75])
    }
}
