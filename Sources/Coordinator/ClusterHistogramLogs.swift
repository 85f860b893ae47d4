import Foundation
import HdrCodec
import Wire

/// One standard HdrHistogram interval log per cluster (`<run folder>/<cluster>.hlog`), written line by line as
/// the agents' interval reports arrive, so a crash keeps every interval already received.
///
/// Untagged lines hold latency measured from the intended send (what `HistogramLogProcessor` and the other
/// standard tools read by default); lines tagged `service` hold service time, measured from the actual send.
/// Times are seconds since the load started (the log's `BaseTime`); each agent's intervals appear as their own
/// lines, which the standard tools add up.
final class ClusterHistogramLogs {
    /// The tag of service-time lines.
    static let serviceTag = "service"

    private var writers: [String: IntervalLogWriter] = [:]

    /// Opens one log per cluster; a log that cannot be opened is reported once and skipped.
    init(runDirectory: String, clusters: [String], loadStartedAt: Date, log: (String) -> Void) {
        for cluster in clusters {
            let path = runDirectory + "/\(cluster).hlog"
            do {
                writers[cluster] = try IntervalLogWriter(path: path, startTime: loadStartedAt)
            } catch {
                log("cannot write \(path): \(error)")
            }
        }
    }

    /// Appends one agent interval of one cluster, ending `endSeconds` after the load started: its two histograms
    /// (latency, service time) written as the agent sent them.
    func append(
        cluster: String, latency: ReceivedReport.Histogram, service: ReceivedReport.Histogram, endSeconds: Double,
        lengthSeconds: Double
    ) {
        guard let writer = writers[cluster] else { return }
        let start = max(0, endSeconds - lengthSeconds)
        do {
            try writer.append(encoded: latency.encoded, max: latency.max, start: start, length: lengthSeconds)
            try writer.append(
                encoded: service.encoded, max: service.max, start: start, length: lengthSeconds, tag: Self.serviceTag)
        } catch {
            // A full disk must not stop the run: the report still carries the merged histograms.
            writers[cluster] = nil
        }
    }

    /// Closes every log.
    func close() {
        for writer in writers.values { try? writer.close() }
        writers.removeAll()
    }
}
