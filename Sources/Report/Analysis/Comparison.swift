/// One cluster against another (the baseline): each statistic's ratio with its bootstrap interval, and which cluster
/// it favours when the difference is larger than the noise (`report.json`: `comparisons[]`).
public struct Comparison: Codable, Sendable, Equatable {
    /// The cluster compared against (the first of the report).
    public var baseline: String
    /// The cluster compared.
    public var candidate: String
    /// `throughput`, `mean`, `p50`, `p90`, `p99`, `p999`, in that order.
    public var statistics: [StatisticComparison]
    /// The cluster the comparison names as better, or nil when the difference is within the noise.
    public var better: String?
    /// The statistic that decides (`mean` latency: for closed loops it is the inverse of the throughput, for the
    /// open model the throughput is fixed by the schedule).
    public var decidedBy: String

    /// The names of the statistics, in order.
    public static let statisticNames = ["throughput", "mean", "p50", "p90", "p99", "p999"]

    /// Compares `candidate` with `baseline` from their reports (the point values) and their bins (the intervals).
    public init(
        baseline: ClusterReport, baselineBins: ClusterIntervals, candidate: ClusterReport,
        candidateBins: ClusterIntervals, label: (String, String)? = nil, settings: BootstrapSettings, stream: UInt64
    ) {
        self.baseline = label?.0 ?? baseline.name
        self.candidate = label?.1 ?? candidate.name
        decidedBy = "mean"
        func values(_ report: ClusterReport) -> [Double] {
            let latency = report.latencyMilliseconds
            return [report.throughputPerSecond, latency.mean, latency.p50, latency.p90, latency.p99, latency.p999]
        }
        let base = values(baseline)
        let other = values(candidate)
        var generator = SplitMix64(seed: settings.seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        var replicates = Array(repeating: [Double](), count: Self.statisticNames.count)
        let baseBins = baselineBins.latency
        let otherBins = candidateBins.latency
        if baseBins.contains(where: { $0.count > 0 }), otherBins.contains(where: { $0.count > 0 }) {
            for _ in 0..<settings.replicates {
                // A draw in which either side holds no request (only empty bins: a pause, the tail of a run) has no
                // latency to compare; it is drawn again, so a run with empty bins still gets its interval.
                var a: [Double] = []
                var b: [Double] = []
                for _ in 0..<1000 {
                    let baseIndices = baseBins.indices.map { _ in generator.index(below: baseBins.count) }
                    let otherIndices = otherBins.indices.map { _ in generator.index(below: otherBins.count) }
                    a = BinStatistics(baseBins, indices: baseIndices, binSeconds: baselineBins.binSeconds).all
                    b = BinStatistics(otherBins, indices: otherIndices, binSeconds: candidateBins.binSeconds).all
                    if a[0] > 0, b[0] > 0 { break }
                }
                for index in a.indices where a[index] > 0 { replicates[index].append(b[index] / a[index]) }
            }
        }
        let tail = (1 - settings.confidence) / 2
        statistics = Self.statisticNames.indices.map { index in
            let enough = replicates[index].count == settings.replicates
            return StatisticComparison(
                name: Self.statisticNames[index], higherIsBetter: index == 0, baseline: base[index],
                candidate: other[index], ratio: base[index] > 0 ? other[index] / base[index] : nil,
                low: enough ? replicates[index].quantile(tail) : nil,
                high: enough ? replicates[index].quantile(1 - tail) : nil,
                materialDifference: settings.materialDifference)
        }
        let decisive = statistics[1]
        if decisive.significant, let ratio = decisive.ratio {
            better = ratio < 1 ? self.candidate : self.baseline
        }
    }

    /// The comparison of one statistic.
    public func statistic(_ name: String) -> StatisticComparison? { statistics.first { $0.name == name } }
}

/// One statistic of a comparison.
public struct StatisticComparison: Codable, Sendable, Equatable {
    /// `throughput` (requests per second) or a latency (`mean`, `p50` ... in milliseconds).
    public var name: String
    /// True for throughput, false for latencies.
    public var higherIsBetter: Bool
    /// The baseline's value.
    public var baseline: Double
    /// The candidate's value.
    public var candidate: Double
    /// `candidate / baseline`; nil when the baseline is 0.
    public var ratio: Double?
    /// Lower end of the ratio's bootstrap interval; nil without enough data.
    public var low: Double?
    /// Upper end of the ratio's bootstrap interval; nil without enough data.
    public var high: Double?
    /// True when the interval excludes 1 and the ratio is at least `materialDifference` away from 1.
    public var significant: Bool

    /// Makes a statistic's comparison and decides whether it is larger than the noise.
    public init(
        name: String, higherIsBetter: Bool, baseline: Double, candidate: Double, ratio: Double?, low: Double?,
        high: Double?, materialDifference: Double
    ) {
        self.name = name
        self.higherIsBetter = higherIsBetter
        self.baseline = baseline
        self.candidate = candidate
        self.ratio = ratio
        self.low = low
        self.high = high
        if let ratio, let low, let high {
            significant = (low > 1 || high < 1) && abs(ratio - 1) >= materialDifference
        } else {
            significant = false
        }
    }
}
