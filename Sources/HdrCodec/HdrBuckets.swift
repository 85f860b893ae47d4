import Histogram

/// A decoded V2 histogram as its shape and its non-empty buckets, without the dense counts array that a
/// `Histogram` allocates (33,792 counts for the latency shape). Reading a run's interval logs back this way costs
/// time in proportion to the buckets used, not to the shape; `histogram()` builds the full histogram when one is
/// needed.
public struct HdrBuckets: Sendable, Equatable {
    /// One non-empty bucket: every value from `lowest` to `highest` counts as the same value.
    public struct Bucket: Sendable, Equatable {
        /// The lowest value of the bucket.
        public var lowest: UInt64
        /// The highest value of the bucket.
        public var highest: UInt64
        /// Values recorded in it (> 0).
        public var count: UInt64
    }

    /// The histogram's lowest discernible value.
    public let lowestDiscernibleValue: UInt64
    /// The histogram's highest trackable value.
    public let highestTrackableValue: UInt64
    /// Its significant decimal digits.
    public let significantDigits: Int
    /// The non-empty buckets, by increasing value.
    public let buckets: [Bucket]

    /// Values recorded.
    public var totalCount: UInt64 { buckets.reduce(0) { $0 + $1.count } }

    init(layout: HdrLayout, counts: [(index: Int, count: UInt64)]) {
        lowestDiscernibleValue = layout.lowest
        highestTrackableValue = layout.highest
        significantDigits = layout.digits
        buckets = counts.map {
            Bucket(lowest: layout.lowestValue(at: $0.index), highest: layout.highestValue(at: $0.index), count: $0.count)
        }
    }

    /// The histogram these buckets came from, as Java's decoder rebuilds it: each bucket's count at its lowest
    /// value, the maximum at the top of the highest bucket.
    public func histogram() -> Histogram<UInt64> {
        let latency = LatencyHistogram.latency()
        var histogram =
            lowestDiscernibleValue == latency.lowestDiscernibleValue
                && highestTrackableValue == latency.highestTrackableValue
                && significantDigits == Int(latency.numberOfSignificantValueDigits.rawValue)
            ? latency
            // The shape was validated when the buckets were decoded, so the library's preconditions hold.
            : Histogram<UInt64>(
                lowestDiscernibleValue: lowestDiscernibleValue, highestTrackableValue: highestTrackableValue,
                numberOfSignificantValueDigits: SignificantDigits(rawValue: Int8(significantDigits))!)
        for bucket in buckets {
            histogram.record(bucket.lowest, count: bucket.count)
        }
        if let top = buckets.last {
            // A zero-count recording moves the maximum to the top of its bucket, as Java's decoder sets it.
            histogram.record(top.highest, count: 0)
        }
        return histogram
    }
}

extension Histogram where Count == UInt64 {
    /// Adds decoded buckets of the same shape: the same as adding the histogram they decode to (each count at its
    /// bucket's lowest value, the maximum at the top of the highest bucket), in time proportional to the buckets.
    public mutating func add(_ decoded: HdrBuckets) {
        for bucket in decoded.buckets {
            record(bucket.lowest, count: bucket.count)
        }
        if let top = decoded.buckets.last {
            record(top.highest, count: 0)
        }
    }
}
