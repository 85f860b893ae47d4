import BalancerMetrics
import Foundation
import HdrCodec

/// A run folder (`results/<run-id>/`) as the report reads it: `report.json` for what only the run could know
/// (counters, durations, agents, faults, outcome, thresholds), each cluster's `.hlog` for every latency, and
/// `metrics.json` for the balancer's series. `complete` recomputes every derived number from these files, so that
/// `coordinator run` and `coordinator report` write the same bytes.
public struct RunFolder: Sendable {
    /// The folder's path.
    public let path: String

    /// The folder at `path`.
    public init(path: String) { self.path = path }

    /// Problems reading a run folder.
    public struct Problem: Error, CustomStringConvertible {
        /// What went wrong, naming the file.
        public var description: String
    }

    /// The `report.json` of the folder, as written.
    public func readReport() throws(Problem) -> RunReport {
        let file = path + "/report.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Problem(description: "\(file): no such file (is \(path) a run folder?)")
        }
        do {
            return try JSONDecoder().decode(RunReport.self, from: data)
        } catch {
            let schema = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["schema"] as? String
            if let schema, schema != RunReport.schemaID {
                throw Problem(description: "\(file): schema \(schema); this version reads \(RunReport.schemaID)")
            }
            throw Problem(description: "\(file): \(error)")
        }
    }

    /// `metrics.json`, or nil when the run has none.
    public func metrics() -> MetricsDocument? {
        guard let data = FileManager.default.contents(atPath: path + "/metrics.json") else { return nil }
        return try? JSONDecoder().decode(MetricsDocument.self, from: data)
    }

    /// The bins of `cluster`'s `.hlog` (empty when the run never wrote one).
    public func intervals(cluster: String, binSeconds: Double) -> ClusterIntervals {
        let log = try? IntervalLog.read(path: path + "/\(cluster).hlog")
        return ClusterIntervals(intervals: log?.intervals ?? [], binSeconds: binSeconds)
    }

    /// Every cluster's `.hlog` read and cut into bins, the clusters side by side on the machine's cores (the
    /// end-of-run merge is mostly this read: base64, inflate and bucket decode of every line).
    func readIntervals(clusters: [String], binSeconds: Double) -> [ClusterIntervals] {
        // Thread-safety: each iteration initializes only its own element of the buffer.
        nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<ClusterIntervals>.allocate(capacity: clusters.count)
        defer { slots.deallocate() }
        DispatchQueue.concurrentPerform(iterations: clusters.count) { index in
            (slots.baseAddress! + index).initialize(to: intervals(cluster: clusters[index], binSeconds: binSeconds))
        }
        let values = Array(slots)
        _ = slots.baseAddress.map { $0.deinitialize(count: clusters.count) }
        return values
    }

    /// `report` with every derived number recomputed from the folder's `.hlog` files and `metrics.json`.
    public func complete(_ report: RunReport) -> (report: RunReport, bins: [ClusterIntervals], metrics: MetricsDocument?) {
        var report = report
        let metrics = metrics()
        let bins = readIntervals(clusters: report.clusters.map(\.name), binSeconds: report.reportIntervalSeconds)
        for index in report.clusters.indices {
            var cluster = report.clusters[index]
            let intervals = bins[index]
            cluster.latencyMilliseconds = LatencySummary(intervals.latencyTotal)
            cluster.serviceTimeMilliseconds = LatencySummary(intervals.serviceTotal)
            cluster.timeline = intervals.timeline
            cluster.throughputPerSecond =
                cluster.durationSeconds > 0 ? Double(cluster.completed) / cluster.durationSeconds : 0
            cluster.errorPercent = cluster.sent > 0 ? Double(cluster.failed) / Double(cluster.sent) * 100 : 0
            let series = metrics.flatMap {
                LoadBalancerSeriesSummary(series: $0.series, cluster: cluster.name, source: $0.source)
            }
            if var view = cluster.loadBalancer {
                view.series = series
                cluster.loadBalancer = view
            } else if let series {
                cluster.loadBalancer = LoadBalancerView(
                    requests: series.requestCount, perInstance: series.perTarget,
                    healthyInstances: series.minimumHealthyHosts,
                    differenceFromAgents: series.requestCount - cluster.sent, series: series)
            }
            cluster.reconciliation = Reconciliation(cluster: cluster, series: series)
            cluster.balance = Balance(
                perInstance: cluster.perInstance, instanceCount: cluster.instanceCount,
                balancerPerTarget: series.map(\.perTarget))
            cluster.peakRequestsPerMinute = PeakRate(
                cluster: cluster.name, metrics: metrics, timeline: cluster.timeline,
                binSeconds: report.reportIntervalSeconds)
            report.clusters[index] = cluster
        }
        report.thresholds = report.thresholds.map { threshold in
            report.clusters.first { $0.name == threshold.cluster }.map(threshold.reevaluated) ?? threshold
        }
        report.comparisons = report.clusters.indices.dropFirst().map { index in
            Comparison(
                baseline: report.clusters[0], baselineBins: bins[0], candidate: report.clusters[index],
                candidateBins: bins[index], settings: report.bootstrap, stream: UInt64(index))
        }
        report.verdict = Verdict.write(report)
        return (report, bins, metrics)
    }

    /// Writes `report.json`, `report.txt`, `report.md` and `report.html` of a completed report, each atomically.
    public func writeOutputs(_ report: RunReport, bins: [ClusterIntervals], metrics: MetricsDocument?) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write(String(decoding: try encoder.encode(report), as: UTF8.self), to: "report.json")
        try write(TextReport.render(report) + "\n\n" + TextReport.wrap(report.verdict, width: 100), to: "report.txt")
        try write(MarkdownReport.render(report), to: "report.md")
        try write(HTMLReport.render(report, bins: bins, metrics: metrics), to: "report.html")
    }

    /// Writes one file of the folder atomically (a temporary file, then a rename).
    public func write(_ text: String, to name: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try Data((text.hasSuffix("\n") ? text : text + "\n").utf8).write(to: url, options: .atomic)
    }

    /// Recomputes and rewrites every output from the folder alone: what `coordinator report` does.
    @discardableResult
    public func rebuild() throws -> RunReport {
        let (report, bins, metrics) = complete(try readReport())
        try writeOutputs(report, bins: bins, metrics: metrics)
        return report
    }
}
