import BenchConfig
import Foundation
import Plugins
import Report
import Wire

extension RunSession {
    // MARK: Report

    func makeReport(status: Status, deployment: Deployment?, lbCounts: [String: BackendCounts]?) -> RunReport {
        let interval = experiment.load.reportInterval.wholeNanoseconds
        let clusters = experiment.clusters.map { cluster -> ClusterReport in
            let tally = tallies[cluster.name]!
            let lb = lbCounts?[cluster.name].map {
                LoadBalancerView(requests: $0.requests, perInstance: $0.perInstance, healthyInstances: $0.healthyInstances,
                                 differenceFromAgents: $0.requests - tally.sent)
            }
            let profile = InstanceProfile.combining(
                deployment?.cluster(named: cluster.name)?.instances.compactMap { instance in
                    instance.profile.map { (instance.id, $0) }
                } ?? [])
            var report = ClusterReport(
                name: cluster.name, path: cluster.path, instanceType: cluster.instanceType, instanceCount: cluster.count,
                workload: workloads[cluster.name]!, tally: tally, durationSeconds: duration(of: cluster.name),
                loadBalancer: withSeries(lb, cluster: cluster.name), profile: profile)
            report.load.engine = engines[cluster.name].map { $0.sorted().joined(separator: "+") }
            return report
        }
        let (outcome, failure): (String, String?) =
            switch status {
            case .completed: ("completed", nil)
            case .cancelled: ("cancelled", "interrupted")
            case .failed(let reason): ("failed", reason)
            }
        var report = RunReport(
            runID: runID, name: experiment.name, description: experiment.description,
            provider: experiment.provider.name, schedule: experiment.load.schedule.rawValue,
            startedAt: Self.timestamp(startedAt, format: "yyyy-MM-dd'T'HH:mm:ss'Z'"),
            finishedAt: Self.timestamp(Date(), format: "yyyy-MM-dd'T'HH:mm:ss'Z'"), outcome: outcome, failure: failure,
            agents: agentSummaries(), clusters: clusters, faults: observations.faults,
            reportIntervalSeconds: Double(interval) / 1e9,
            thresholdsFrom: experiment.thresholds)
        report.wire = wireSummary()
        return report
    }

    /// Completes `report` from the run folder's `.hlog` files and `metrics.json` (as `coordinator report` does, so
    /// both write the same bytes) and writes report.json, report.txt, report.md and report.html atomically.
    /// How long each step took goes to `timings.json` (a benchmark figure: bench/coordinator-scale.sh).
    func writeReport(_ report: RunReport) -> RunReport {
        let folder = RunFolder(path: runDirectory)
        let mergeStart = MonotonicClock.now()
        let (completed, bins, metrics) = folder.complete(report)
        let renderStart = MonotonicClock.now()
        do {
            try folder.writeOutputs(completed, bins: bins, metrics: metrics)
        } catch {
            Console.progress("could not write the report: \(error)")
        }
        let timings = [
            "mergeSeconds": Double(renderStart - mergeStart) / 1e9,
            "renderSeconds": Double(MonotonicClock.now() - renderStart) / 1e9,
        ]
        try? write(String(decoding: try Self.encoder.encode(timings), as: UTF8.self), to: "timings.json")
        return completed
    }
}
