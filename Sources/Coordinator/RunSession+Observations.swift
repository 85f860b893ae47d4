import BalancerMetrics
import Foundation
import Plugins
import Report

/// What the run observes besides the agents' results: the faults it injects during the load and the load
/// balancer's metric series over the load's window.
extension RunSession {
    /// Called when the load starts: notes the window's start and starts the fault schedule.
    func loadStarted(_ deployment: Deployment) {
        observations.windowStart = Date().timeIntervalSince1970
        guard !experiment.faults.isEmpty, let provider = observations.provider else { return }
        let scheduler = FaultScheduler(
            faults: experiment.faults, deployment: deployment, provider: provider, log: { Console.progress("  \($0)") })
        observations.faultScheduler = scheduler
        scheduler.start()
    }

    /// Called when the load ends (also by a failure): notes the window's end and stops the fault schedule.
    func loadEnded() {
        observations.windowEnd = Date().timeIntervalSince1970
        guard let scheduler = observations.faultScheduler else { return }
        observations.faultScheduler = nil
        observations.faults = scheduler.stop().map { outcome in
            FaultReport(
                action: outcome.fault.action.rawValue, cluster: outcome.fault.cluster, instance: outcome.instance,
                atSeconds: outcome.fault.at.seconds, forSeconds: outcome.fault.duration?.seconds,
                injectedAfterSeconds: outcome.injectedAfter, injectedAt: outcome.injectedAt,
                resumedAfterSeconds: outcome.resumedAfter, error: outcome.error)
        }
    }

    /// Asks the provider's collector for the load window's series and writes `metrics.json` and `metrics.csv`
    /// (atomically); keeps each cluster's summary for the report. Does nothing when the load never started or the
    /// provider has no collector; a collector's failure is logged, not fatal.
    func collectMetrics(_ deployment: Deployment?) {
        guard let deployment, let start = observations.windowStart, let provider = observations.provider else { return }
        guard let collector = provider.metricsCollector else {
            Console.progress("no load-balancer metrics: provider \(experiment.provider.name) has no collector")
            return
        }
        let period = Int(experiment.provider.metricsPeriod.components.seconds)
        var window = MetricsWindow(
            start: start, end: observations.windowEnd ?? Date().timeIntervalSince1970, periodSeconds: period)
        window.answeredRequests = tallies.mapValues(\.completed)
        do {
            let series = try collector.collect(window, clusters: deployment.clusters)
            let document = MetricsDocument(
                source: collector.source, periodSeconds: period, windowStart: window.start, windowEnd: window.end,
                series: series)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try write(String(decoding: try encoder.encode(document), as: UTF8.self), to: "metrics.json")
            try write(String(document.csv.dropLast()), to: "metrics.csv")
            for cluster in deployment.clusters {
                observations.seriesSummaries[cluster.name] = LoadBalancerSeriesSummary(
                    series: series, cluster: cluster.name, source: collector.source)
            }
            Console.progress(
                "load-balancer metrics (\(collector.source)): \(series.count) series of \(window.periodStarts.count) "
                    + "period\(window.periodStarts.count == 1 ? "" : "s") of \(period) s in metrics.json, metrics.csv")
        } catch {
            Console.progress("could not collect load-balancer metrics: \(error)")
        }
    }

    /// The cluster's load-balancer view with its series summary added.
    func withSeries(_ view: LoadBalancerView?, cluster: String) -> LoadBalancerView? {
        guard var view else { return nil }
        view.series = observations.seriesSummaries[cluster]
        return view
    }
}

/// What `RunSession+Observations` keeps during a run.
struct RunObservations {
    /// The run's provider, once made.
    var provider: (any Provider)?
    /// Wall-clock start of the load, seconds since 1970.
    var windowStart: Double?
    /// Wall-clock end of the load, seconds since 1970.
    var windowEnd: Double?
    /// Fires the config's faults while the load runs.
    var faultScheduler: FaultScheduler?
    /// The faults and what became of them, once the load ended.
    var faults: [FaultReport] = []
    /// Each cluster's series summary, once collected.
    var seriesSummaries: [String: LoadBalancerSeriesSummary] = [:]
}
