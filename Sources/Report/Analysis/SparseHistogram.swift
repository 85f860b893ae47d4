import HdrCodec

/// A latency histogram reduced to its non-empty buckets, sorted by value: cheap to add up many times, which the
/// bootstrap does. Percentiles and the mean follow one written definition (docs/report.md, "How numbers are
/// computed"), so that a test can recompute them with any HdrHistogram library.
public struct SparseHistogram: Sendable, Equatable {
    /// One non-empty bucket: every value from `lowest` to `highest` counts as the same value (3 significant digits).
    public struct Bucket: Sendable, Equatable {
        /// The lowest value of the bucket, in nanoseconds.
        public var lowest: UInt64
        /// The highest value of the bucket, in nanoseconds.
        public var highest: UInt64
        /// Values recorded in it.
        public var count: UInt64
    }

    /// The non-empty buckets, by increasing `lowest`, each bucket once.
    public private(set) var buckets: [Bucket]
    /// Values recorded.
    public private(set) var count: UInt64

    /// An empty histogram.
    public init() {
        buckets = []
        count = 0
    }

    /// The non-empty buckets of `histogram`.
    public init(_ histogram: LatencyHistogram) {
        var buckets: [Bucket] = []
        for value in histogram.recordedValues() where value.count > 0 {
            buckets.append(Bucket(
                lowest: histogram.lowestEquivalentForValue(value.value),
                highest: histogram.highestEquivalentForValue(value.value), count: UInt64(value.count)))
        }
        self.init(sorted: buckets)
    }

    /// The buckets of a decoded histogram (the latency shape), without building its counts array.
    public init(_ decoded: HdrBuckets) {
        self.init(sorted: decoded.buckets.map { Bucket(lowest: $0.lowest, highest: $0.highest, count: $0.count) })
    }

    private init(sorted buckets: [Bucket]) {
        self.buckets = buckets
        count = buckets.reduce(0) { $0 + $1.count }
    }

    /// The sum of several histograms (bucket by bucket, lossless).
    public static func merged(_ parts: [SparseHistogram]) -> SparseHistogram {
        if parts.count == 1 { return parts[0] }
        var all = parts.flatMap(\.buckets)
        all.sort { $0.lowest < $1.lowest }
        var merged: [Bucket] = []
        merged.reserveCapacity(all.count)
        for bucket in all {
            if let last = merged.last, last.lowest == bucket.lowest {
                merged[merged.count - 1].count += bucket.count
            } else {
                merged.append(bucket)
            }
        }
        return SparseHistogram(sorted: merged)
    }

    /// The value at `percentile` (0 < p <= 100), in nanoseconds: the `highest` of the first bucket at which the
    /// running count reaches `ceil(p / 100 * count)` (at least 1); 0 for an empty histogram.
    public func value(atPercentile percentile: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, UInt64((percentile / 100 * Double(count)).rounded(.up)))
        var running: UInt64 = 0
        for bucket in buckets {
            running += bucket.count
            if running >= rank { return bucket.highest }
        }
        return buckets[buckets.count - 1].highest
    }

    /// Several percentiles in one pass; `percentiles` must be increasing.
    public func values(atPercentiles percentiles: [Double]) -> [UInt64] {
        guard count > 0 else { return percentiles.map { _ in 0 } }
        let ranks = percentiles.map { Swift.max(1, UInt64(($0 / 100 * Double(count)).rounded(.up))) }
        var result: [UInt64] = []
        result.reserveCapacity(ranks.count)
        var running: UInt64 = 0
        var next = 0
        for bucket in buckets where next < ranks.count {
            running += bucket.count
            while next < ranks.count, running >= ranks[next] {
                result.append(bucket.highest)
                next += 1
            }
        }
        while result.count < ranks.count { result.append(buckets[buckets.count - 1].highest) }
        return result
    }

    /// The mean in nanoseconds: each bucket counts at its middle (`lowest + (highest - lowest + 1) / 2`, integer
    /// division, HdrHistogram's median-equivalent value); 0 when empty.
    public var mean: Double {
        guard count > 0 else { return 0 }
        var total = 0.0
        for bucket in buckets {
            total += Double(bucket.lowest + (bucket.highest - bucket.lowest + 1) / 2) * Double(bucket.count)
        }
        return total / Double(count)
    }

    /// The lowest value of the lowest bucket; 0 when empty.
    public var min: UInt64 { buckets.first?.lowest ?? 0 }
    /// The highest value of the highest bucket; 0 when empty.
    public var max: UInt64 { buckets.last?.highest ?? 0 }
}
