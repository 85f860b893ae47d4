/// Integer shares of a total that add up to it exactly: how the coordinator splits a load over agents and an agent
/// splits its shard over engine threads, so that no request, connection or in-flight slot is lost or invented.
public enum Apportion {
    /// `total` split into `parts` as evenly as possible, the larger shares first.
    public static func even(_ total: Int, into parts: Int) -> [Int] {
        (0..<parts).map { total / parts + ($0 < total % parts ? 1 : 0) }
    }

    /// `total` split in proportion to `weights`, rounding by largest remainder (earlier parts win ties), so the
    /// shares add up to `total` exactly.
    public static func proportional(_ total: Int, weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var shares = weights.map { total * $0 / sum }
        let remainders = weights.map { total * $0 % sum }
        let order = weights.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in order.prefix(total - shares.reduce(0, +)) { shares[index] += 1 }
        return shares
    }
}
