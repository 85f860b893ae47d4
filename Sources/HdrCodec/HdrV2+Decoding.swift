extension HdrV2 {
    /// Decodes the uncompressed V2 form, which must fill `bytes` exactly (header, then `payload length` bytes).
    static func decodeUncompressed(_ bytes: ArraySlice<UInt8>) throws(HdrCodecError) -> HdrBuckets {
        var reader = HdrByteReader(bytes)
        _ = try reader.uint32("cookie")  // checked by the caller
        let payloadLength = try reader.int32("payload length")
        let normalizingIndexOffset = try reader.int32("normalizing index offset")
        let digits = try reader.int32("significant digits")
        let lowest = try reader.int64("lowest discernible value")
        let highest = try reader.int64("highest trackable value")
        let ratio = try reader.double("conversion ratio")
        guard payloadLength >= 0, Int(payloadLength) <= reader.remaining else {
            throw .malformed("histogram: payload length \(payloadLength) but \(reader.remaining) bytes follow")
        }
        guard Int(payloadLength) == reader.remaining else {
            throw .malformed("histogram: \(reader.remaining - Int(payloadLength)) trailing bytes")
        }
        guard normalizingIndexOffset == 0 else {
            throw .malformed("histogram: normalizing index offset \(normalizingIndexOffset) (only 0 is supported)")
        }
        guard ratio == 1.0 else {
            throw .malformed("histogram: conversion ratio \(ratio) (a DoubleHistogram; only 1.0 is supported)")
        }
        let layout = try HdrLayout.validated(
            lowest: lowest, highest: highest, digits: digits, maximumCountsLength: maximumCountsLength)
        return HdrBuckets(layout: layout, counts: try decodeCounts(&reader, layout: layout))
    }

    /// The non-zero (index, count) pairs of the varint counts, checked against the counts array. The total count and
    /// the sum of count x value must fit in 64 bits: the library's iterators (percentiles, `recordedValues`, the
    /// encoder) add them up without overflow checks and would trap.
    private static func decodeCounts(_ reader: inout HdrByteReader, layout: HdrLayout) throws(HdrCodecError)
        -> [(index: Int, count: UInt64)]
    {
        var buckets: [(index: Int, count: UInt64)] = []
        var index = 0
        var total: UInt64 = 0
        var valueTotal: UInt64 = 0
        while reader.remaining > 0 {
            let value = try reader.zigZag()
            if value < 0 {
                guard value.magnitude <= UInt64(layout.countsLength - index) else {
                    throw .malformed(
                        "histogram: a run of \(value.magnitude) zero counts at index \(index) runs past the "
                            + "\(layout.countsLength) counts")
                }
                index += Int(value.magnitude)
                continue
            }
            guard index < layout.countsLength else {
                throw .malformed("histogram: counts past the \(layout.countsLength) counts of the shape")
            }
            if value > 0 {
                let count = UInt64(value)
                let (sum, overflow) = total.addingReportingOverflow(count)
                guard !overflow else { throw .malformed("histogram: total count overflows 64 bits") }
                let (product, productOverflow) = count.multipliedReportingOverflow(by: layout.highestValue(at: index))
                let (valueSum, valueOverflow) = valueTotal.addingReportingOverflow(product)
                guard !productOverflow, !valueOverflow else {
                    throw .malformed("histogram: counts x values overflow 64 bits at index \(index)")
                }
                total = sum
                valueTotal = valueSum
                buckets.append((index, count))
            }
            index += 1
        }
        return buckets
    }
}
