import Foundation
import HdrCodec

/// One cluster's `.hlog` read back and cut into report bins: every agent's interval line goes into the bin in which
/// it ended (`floor((start + length) / binSeconds)`), bins without a line are empty (a flow's pause), and the
/// totals are the sum of every line. Everything the report says about latency comes from here, so
/// `coordinator report` recomputes it from the run folder alone.
public struct ClusterIntervals: Sendable {
    /// Length of a bin in seconds: the config's `load.reportInterval`.
    public var binSeconds: Double
    /// Index of the first bin (bin `i` ends `(i + 1) * binSeconds` after the load started).
    public var firstBin: Int
    /// Latency from the intended send, per bin from `firstBin` on, empty bins included.
    public var latency: [SparseHistogram]
    /// Service time from the actual send, per bin, aligned with `latency`.
    public var service: [SparseHistogram]
    /// Every latency line added up.
    public var latencyTotal: SparseHistogram
    /// Every service-time line added up.
    public var serviceTotal: SparseHistogram

    /// Cuts a log's lines into bins of `binSeconds`; untagged lines are latency, lines tagged `service` service time.
    public init(intervals: [IntervalLog.Interval], binSeconds: Double) {
        self.binSeconds = binSeconds
        var latencyBins: [Int: [SparseHistogram]] = [:]
        var serviceBins: [Int: [SparseHistogram]] = [:]
        for interval in intervals {
            let bin = Swift.max(0, Int(((interval.start + interval.length) / binSeconds + 1e-6).rounded(.down)))
            let sparse = SparseHistogram(interval.buckets)
            if interval.tag == nil {
                latencyBins[bin, default: []].append(sparse)
            } else if interval.tag == "service" {
                serviceBins[bin, default: []].append(sparse)
            }
        }
        let used = Set(latencyBins.keys).union(serviceBins.keys)
        let first = used.min() ?? 0
        let last = used.max() ?? -1
        firstBin = first
        latency = last < first ? [] : (first...last).map { SparseHistogram.merged(latencyBins[$0] ?? []) }
        service = last < first ? [] : (first...last).map { SparseHistogram.merged(serviceBins[$0] ?? []) }
        latencyTotal = SparseHistogram.merged(latency)
        serviceTotal = SparseHistogram.merged(service)
    }

    /// Reads `path` and cuts it into bins.
    public init(path: String, binSeconds: Double) throws(IntervalLogError) {
        self.init(intervals: try IntervalLog.read(path: path).intervals, binSeconds: binSeconds)
    }

    /// The time series: one point per bin, with zeros for an empty bin.
    public var timeline: [TimelinePoint] {
        latency.enumerated().map { offset, histogram in
            let values = histogram.values(atPercentiles: [50, 99])
            return TimelinePoint(
                seconds: Double(firstBin + offset + 1) * binSeconds, requests: Int(histogram.count),
                throughput: Double(histogram.count) / binSeconds, p50Milliseconds: Double(values[0]) / 1e6,
                p99Milliseconds: Double(values[1]) / 1e6)
        }
    }
}

extension LatencySummary {
    /// The summary of a merged histogram, in milliseconds (definitions in docs/report.md).
    public init(_ histogram: SparseHistogram) {
        count = histogram.count
        let values = histogram.values(atPercentiles: [50, 90, 99, 99.9])
        min = Double(histogram.min) / 1e6
        mean = histogram.mean / 1e6
        p50 = Double(values[0]) / 1e6
        p90 = Double(values[1]) / 1e6
        p99 = Double(values[2]) / 1e6
        p999 = Double(values[3]) / 1e6
        max = Double(histogram.max) / 1e6
    }
}
