import Wire

/// Dealing an open schedule's arrivals by capacity: a round of `sum of weights` arrivals (weights reduced by their
/// greatest common divisor), of which each agent holds as many positions as its weight. Every agent holds one of the
/// first N positions, so no agent is left without arrivals once the schedule has N of them; the other positions are
/// dealt by smooth weighted round robin (nginx's), so that each agent's arrivals stay evenly spread over the round.
/// Every arrival belongs to exactly one agent: the agents' rates add up to the cluster's rate exactly.
extension ShardPlanner {
    /// Each agent's positions in a round, and the round's length.
    static func openSlots(weights: [Int]) -> (round: Int, slots: [[Int]]) {
        let reduced = reduce(weights.map { max(1, $0) }, limit: WireLimits.agentCount.upperBound)
        var slots = reduced.indices.map { [$0] }
        let extra = reduced.map { $0 - 1 }
        let extraTotal = extra.reduce(0, +)
        var current = Array(repeating: 0, count: extra.count)
        for position in stride(from: reduced.count, to: reduced.count + extraTotal, by: 1) {
            for agent in current.indices { current[agent] += extra[agent] }
            let pick = current.indices.max { current[$0] < current[$1] || (current[$0] == current[$1] && $0 > $1) }!
            current[pick] -= extraTotal
            slots[pick].append(position)
        }
        return (reduced.count + extraTotal, slots)
    }

    /// The open shares of one schedule over agents of these weights, in agent order, the in-flight cap and the
    /// connections to open first split like capacity; an agent whose slots hold no arrival (the schedule has fewer
    /// arrivals than there are agents) is left out.
    static func openShares(_ schedule: ArrivalSchedule, maxInFlight: Int, connections: Int, weights: [Int])
        -> [(Int, ShardLoad)]
    {
        let (round, slots) = openSlots(weights: weights)
        let caps = capacitySplit(maxInFlight, weights: weights)
        let warm = capacitySplit(connections, weights: weights)
        return weights.indices.compactMap { agent in
            let share = ShardOpen(
                schedule: schedule, slots: slots[agent], roundLength: round, maxInFlight: max(1, caps[agent]),
                connections: warm[agent])
            return share.arrivalCount > 0 ? (agent, .open(share)) : nil
        }
    }

    /// Weights divided by their greatest common divisor, then scaled down (each kept at 1 or more) while their sum
    /// passes `limit`, the longest round a SHARD may carry.
    private static func reduce(_ weights: [Int], limit: Int) -> [Int] {
        let divisor = weights.reduce(0) { gcd($0, $1) }
        var reduced = weights.map { $0 / max(1, divisor) }
        var sum = reduced.reduce(0, +)
        while sum > limit, reduced.contains(where: { $0 > 1 }) {
            reduced = reduced.map { max(1, $0 * limit / sum) }
            sum = reduced.reduce(0, +)
            if sum > limit { reduced = reduced.map { max(1, $0 / 2) } }
            sum = reduced.reduce(0, +)
        }
        return reduced
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
