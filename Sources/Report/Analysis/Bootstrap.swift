/// A seeded pseudo-random generator (SplitMix64), so that a bootstrap gives the same interval on every run and
/// `coordinator report` reproduces report.json byte for byte. The test suite reimplements it in Python.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform index in `0..<count` (the high bits, `next() % count`; the bias is below 1e-15 for any bin count).
    public mutating func index(below count: Int) -> Int { Int(next() % UInt64(count)) }
}

/// How the comparison estimates its uncertainty: a percentile bootstrap over the report bins. Each replicate draws,
/// for each cluster on its own, as many bins as it has, with replacement, adds their histograms up and computes
/// every statistic; a ratio's interval is the 2.5th and 97.5th percentile of its replicates. A draw in which either
/// cluster holds no request (every bin drawn empty) is drawn again, up to 1000 times.
public struct BootstrapSettings: Codable, Sendable, Equatable {
    /// Replicates drawn.
    public var replicates: Int
    /// The generator's seed.
    public var seed: UInt64
    /// The interval's coverage (0.95).
    public var confidence: Double
    /// A difference is real only when the interval excludes 1 and the ratio is at least this far from 1 (0.1:
    /// 10 %); below it, runs of the same clusters differ by as much on a shared machine.
    public var materialDifference: Double

    /// The settings every report uses.
    public static let standard = BootstrapSettings(
        replicates: 400, seed: 0x00C0_FFEE, confidence: 0.95, materialDifference: 0.10)

    /// Makes settings.
    public init(replicates: Int, seed: UInt64, confidence: Double, materialDifference: Double) {
        self.replicates = replicates
        self.seed = seed
        self.confidence = confidence
        self.materialDifference = materialDifference
    }
}

/// The statistics the comparison bootstraps, from one set of bins.
struct BinStatistics {
    /// Requests per second over the bins.
    var throughput: Double
    /// mean, p50, p90, p99, p99.9 in nanoseconds.
    var latency: [Double]

    /// The statistics of the bins at `indices` (with repetition) of `bins`.
    init(_ bins: [SparseHistogram], indices: [Int], binSeconds: Double) {
        let merged = SparseHistogram.merged(indices.map { bins[$0] })
        throughput = indices.isEmpty ? 0 : Double(merged.count) / (Double(indices.count) * binSeconds)
        latency = [merged.mean] + merged.values(atPercentiles: [50, 90, 99, 99.9]).map(Double.init)
    }

    /// The values in the order of `Comparison.statisticNames`.
    var all: [Double] { [throughput] + latency }
}

extension Array where Element == Double {
    /// The value at `fraction` (0...1) of the sorted array, by nearest rank (`ceil(fraction * count)`, at least 1).
    func quantile(_ fraction: Double) -> Double {
        guard !isEmpty else { return .nan }
        let sorted = self.sorted()
        let rank = Swift.max(1, Int((fraction * Double(count)).rounded(.up)))
        return sorted[Swift.min(count, rank) - 1]
    }
}
