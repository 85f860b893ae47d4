import Foundation

/// Where each value's count lives in an HdrHistogram counts array, re-derived from the histogram's shape.
///
/// hdrhistogram-swift keeps its counts array internal, so the V2 codec works on (counts index, count) pairs that it
/// computes from values with HdrHistogram's own index math (AbstractHistogram.countsArrayIndex in Java). Every
/// quantity is computed exactly as hdrhistogram-swift 0.2.0 computes it in `Histogram.init`, so an index found here
/// is the index the library uses for the same value; HdrV2Tests check this on several shapes.
struct HdrLayout: Equatable {
    /// The shape: lowest discernible value, highest trackable value, significant decimal digits.
    let lowest: UInt64
    let highest: UInt64
    let digits: Int
    /// Largest k with 2^k <= lowest.
    let unitMagnitude: Int
    /// log2 of half the number of sub-buckets per bucket.
    let subBucketHalfCountMagnitude: Int
    /// Number of entries in the counts array.
    let countsLength: Int

    var subBucketHalfCount: Int { 1 << subBucketHalfCountMagnitude }
    private var subBucketCountMagnitude: Int { subBucketHalfCountMagnitude + 1 }
    private var subBucketMask: UInt64 { UInt64((1 << subBucketCountMagnitude) - 1) << UInt64(unitMagnitude) }
    private var leadingZeroCountBase: Int { 64 - unitMagnitude - subBucketCountMagnitude }

    /// The layout of a histogram that exists (its shape passed the library's checks).
    init(lowest: UInt64, highest: UInt64, digits: Int) {
        self.lowest = lowest
        self.highest = highest
        self.digits = digits
        (unitMagnitude, subBucketHalfCountMagnitude) = Self.magnitudes(lowest: lowest, digits: digits)
        precondition(unitMagnitude + subBucketHalfCountMagnitude <= 61, "shape \(lowest), \(digits) digits")
        let bucketCount = Self.bucketsNeeded(
            toCover: highest, subBucketCount: 1 << (subBucketHalfCountMagnitude + 1), unitMagnitude: unitMagnitude)
        countsLength = (bucketCount + 1) << subBucketHalfCountMagnitude
    }

    /// The counts index of `value` (Java's `countsArrayIndex`).
    func countsIndex(of value: UInt64) -> Int {
        let bucketIndex = leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
        let subBucketIndex = Int(value >> UInt64(bucketIndex + unitMagnitude))
        return ((bucketIndex + 1) << subBucketHalfCountMagnitude) + subBucketIndex - subBucketHalfCount
    }

    /// The lowest value counted at `index` (Java's `valueFromIndex`).
    func lowestValue(at index: Int) -> UInt64 {
        let (bucketIndex, subBucketIndex) = bucket(of: index)
        return UInt64(subBucketIndex) << UInt64(bucketIndex + unitMagnitude)
    }

    /// The highest value counted at `index` (Java's `highestEquivalentValue(valueFromIndex(index))`).
    func highestValue(at index: Int) -> UInt64 {
        let (bucketIndex, _) = bucket(of: index)
        return lowestValue(at: index) + (UInt64(1) << UInt64(bucketIndex + unitMagnitude)) - 1
    }

    private func bucket(of index: Int) -> (bucketIndex: Int, subBucketIndex: Int) {
        let bucketIndex = (index >> subBucketHalfCountMagnitude) - 1
        let subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        return bucketIndex < 0 ? (0, subBucketIndex - subBucketHalfCount) : (bucketIndex, subBucketIndex)
    }

    /// `unitMagnitude` and `subBucketHalfCountMagnitude` for a shape, as the library computes them.
    static func magnitudes(lowest: UInt64, digits: Int) -> (unit: Int, subBucketHalfCount: Int) {
        let largestValueWithSingleUnitResolution = 2 * pow(10.0, Double(digits))
        let subBucketCountMagnitude = Int(log2(largestValueWithSingleUnitResolution).rounded(.up))
        return (Int(log2(Double(lowest))), max(subBucketCountMagnitude, 1) - 1)
    }

    private static func bucketsNeeded(toCover value: UInt64, subBucketCount: Int, unitMagnitude: Int) -> Int {
        var smallestUntrackableValue = UInt64(subBucketCount) << UInt64(unitMagnitude)
        var bucketsNeeded = 1
        while smallestUntrackableValue <= value {
            if smallestUntrackableValue > UInt64.max / 2 { return bucketsNeeded + 1 }
            smallestUntrackableValue <<= 1
            bucketsNeeded += 1
        }
        return bucketsNeeded
    }
}

extension HdrLayout {
    /// The layout of a shape read from a peer, refusing what hdrhistogram-swift cannot build (it would trap) and
    /// shapes whose counts array would be longer than `maximumCountsLength` entries (a 40-byte header must not make
    /// us allocate gigabytes).
    static func validated(lowest: Int64, highest: Int64, digits: Int32, maximumCountsLength: Int) throws(HdrCodecError)
        -> HdrLayout
    {
        guard (0...5).contains(digits) else {
            throw .malformed("histogram: \(digits) significant digits (0...5 allowed)")
        }
        guard lowest >= 1 else { throw .malformed("histogram: lowest discernible value \(lowest) (must be >= 1)") }
        guard highest / 2 >= lowest else {
            throw .malformed("histogram: highest trackable value \(highest) below 2 x lowest (\(lowest))")
        }
        // Checked before the layout is built: past 61 bits, counting the buckets would never end.
        let magnitudes = magnitudes(lowest: UInt64(lowest), digits: Int(digits))
        guard magnitudes.unit + magnitudes.subBucketHalfCount <= 61 else {
            throw .malformed("histogram: \(digits) digits above lowest \(lowest) do not fit in 64 bits")
        }
        let layout = HdrLayout(lowest: UInt64(lowest), highest: UInt64(highest), digits: Int(digits))
        guard layout.countsLength <= maximumCountsLength else {
            throw .malformed(
                "histogram: shape \(lowest)...\(highest) with \(digits) digits needs \(layout.countsLength) counts "
                    + "(at most \(maximumCountsLength) accepted)")
        }
        return layout
    }
}
