import Foundation
import HdrCodec

/// A REPORT as the coordinator takes it in: the header, and each histogram as received (compressed V2, for the
/// interval logs) and decoded to its non-empty buckets only. `WireMessage` decodes a REPORT's histograms into full
/// histograms of 33,792 counts each; the coordinator, which receives one report per agent per interval, adds the few
/// buckets an interval fills instead (bench/coordinator-scale.sh, docs/BENCHMARKS.md).
///
/// Decoding is as strict as `WireMessage(frames:)`: the same frame count, payload and histogram checks (latency
/// shape), and the same value ranges.
public struct ReceivedReport: Sendable {
    /// One histogram of the report.
    public struct Histogram: Sendable {
        /// The frame as received: the compressed V2 encoding.
        public let encoded: [UInt8]
        /// Its non-empty buckets.
        public let buckets: HdrBuckets
        /// Values recorded.
        public let totalCount: UInt64

        /// The highest value recorded, as the decoded histogram reports it (the top of the highest bucket).
        public var max: UInt64 { buckets.buckets.last?.highest ?? 0 }
    }

    /// The REPORT payload.
    public let header: ReportHeader
    /// Per entry of `header.targets`: its latency, then its service time.
    public let histograms: [(latency: Histogram, service: Histogram)]

    /// Decodes the frames of a REPORT (type, payload, two histograms per target).
    public init(frames: [[UInt8]]) throws(WireError) {
        guard frames.count >= 2, frames[0] == Array(MessageType.report.rawValue.utf8) else {
            throw .malformed("not a REPORT")
        }
        let header: ReportHeader
        do {
            header = try JSONDecoder().decode(ReportHeader.self, from: Data(frames[1]))
        } catch {
            throw .malformed("REPORT payload does not decode: \(error)")
        }
        guard frames.count == 2 + 2 * header.targets.count else {
            throw .malformed(
                "REPORT with \(header.targets.count) targets carries \(frames.count - 2) histograms, "
                    + "expected \(2 * header.targets.count)")
        }
        // The header's own ranges, as WireMessage checks them.
        try WireMessage.report(header, histograms: []).validate()
        var histograms: [(latency: Histogram, service: Histogram)] = []
        for index in stride(from: 2, to: frames.count, by: 2) {
            histograms.append((try Self.histogram(frames[index]), try Self.histogram(frames[index + 1])))
        }
        self.header = header
        self.histograms = histograms
    }

    private static func histogram(_ frame: [UInt8]) throws(WireError) -> Histogram {
        let buckets: HdrBuckets
        do {
            buckets = try HistogramCodec.decodeBuckets(frame)
        } catch {
            throw .malformed(error.reason)
        }
        let total = buckets.totalCount
        guard total <= UInt64(WireLimits.counter.upperBound) else {
            throw .outOfRange("REPORT histogram of \(total) values")
        }
        return Histogram(encoded: frame, buckets: buckets, totalCount: total)
    }
}
