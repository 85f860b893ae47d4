import AWS
import BalancerMetrics
import Foundation

/// The `cloudwatch` collector: the Application Load Balancer's own series from CloudWatch's `GetMetricData`
/// (namespace `AWS/ApplicationELB`), per target group (`TargetGroup`, `LoadBalancer` dimensions) and for the
/// balancer (`HTTPCode_ELB_5XX_Count`, dimension `LoadBalancer` only: CloudWatch has it per balancer).
///
/// Periods are whole minutes (CloudWatch's ALB metrics are per minute): the config's `metricsPeriod` rounded up to
/// a multiple of 60 s, aligned to the minute; a period without a data point is a zero. Before reading, it waits
/// until the settle time after the window's end (`metricsSettle`), since CloudWatch publishes late. Percentiles are
/// asked for in a call of their own: a service that cannot compute them (moto answers HTTP 500) leaves out only the
/// percentile series, and says so through `log`.
struct CloudWatchCollector: MetricsCollector {
    /// "cloudwatch".
    let source = "cloudwatch"
    /// The client, in the balancer's region.
    let client: AWSClient
    /// The balancer's ARN.
    let loadBalancerArn: String
    /// Each cluster's target group ARN.
    let targetGroupArns: [String: String]
    /// The moment (seconds since 1970) before which a window ending at the argument may still miss data points.
    let settleUntil: @Sendable (Double) -> Double
    /// Polled while waiting.
    let isCancelled: @Sendable () -> Bool
    /// Receives a line when a part of the series could not be read.
    var log: @Sendable (String) -> Void = { _ in }

    /// The namespace of every ALB metric.
    static let namespace = "AWS/ApplicationELB"

    /// The metrics read per target group: name, statistic, unit.
    static let clusterMetrics: [(name: String, statistic: String, unit: String)] = [
        ("RequestCount", "Sum", "Count"),
        ("RequestCountPerTarget", "Sum", "Count"),
        ("TargetResponseTime", "Average", "Seconds"),
        ("TargetResponseTime", "p50", "Seconds"),
        ("TargetResponseTime", "p90", "Seconds"),
        ("TargetResponseTime", "p99", "Seconds"),
        ("HTTPCode_Target_2XX_Count", "Sum", "Count"),
        ("HTTPCode_Target_4XX_Count", "Sum", "Count"),
        ("HTTPCode_Target_5XX_Count", "Sum", "Count"),
        ("HealthyHostCount", "Average", "Count"),
        ("HealthyHostCount", "Minimum", "Count"),
    ]

    /// CloudWatch's `LoadBalancer` dimension value, `app/NAME/ID`, from an ARN.
    static func loadBalancerDimension(_ arn: String) -> String {
        arn.range(of: ":loadbalancer/").map { String(arn[$0.upperBound...]) } ?? arn
    }

    /// CloudWatch's `TargetGroup` dimension value, `targetgroup/NAME/ID`, from an ARN.
    static func targetGroupDimension(_ arn: String) -> String {
        arn.range(of: "targetgroup/").map { String(arn[$0.lowerBound...]) } ?? arn
    }

    /// The period CloudWatch is asked for: `seconds` rounded up to whole minutes.
    static func period(_ seconds: Int) -> Int { max(60, (seconds + 59) / 60 * 60) }

    /// Every series of `clusters` over `window` (its period rounded up to whole minutes), after the settle wait.
    func collect(_ window: MetricsWindow, clusters: [DeployedCluster]) throws(ProviderError) -> [MetricSeries] {
        let minutes = MetricsWindow(
            start: window.start, end: window.end, periodSeconds: Self.period(window.periodSeconds))
        try settle(minutes.end)
        var queries: [CloudWatchMetricQuery] = []
        var labels: [(name: String, statistic: String, unit: String, dimensions: [String: String])] = []
        let balancer = Self.loadBalancerDimension(loadBalancerArn)
        for cluster in clusters {
            guard let arn = targetGroupArns[cluster.name] else { continue }
            let dimensions = [
                CloudWatchDimension("TargetGroup", Self.targetGroupDimension(arn)),
                CloudWatchDimension("LoadBalancer", balancer),
            ]
            for metric in Self.clusterMetrics {
                queries.append(query(queries.count, metric.name, metric.statistic, dimensions, minutes.periodSeconds))
                labels.append((metric.name, metric.statistic, metric.unit, ["cluster": cluster.name]))
            }
        }
        queries.append(
            query(
                queries.count, "HTTPCode_ELB_5XX_Count", "Sum", [CloudWatchDimension("LoadBalancer", balancer)],
                minutes.periodSeconds))
        labels.append(("HTTPCode_ELB_5XX_Count", "Sum", "Count", ["loadBalancer": balancer]))
        let isPercentile = { (query: CloudWatchMetricQuery) in query.stat.hasPrefix("p") }
        var answers = try fetch(queries.filter { !isPercentile($0) }, minutes, client: client)
        var fewerRetries = client
        fewerRetries.retry.maximumAttempts = min(2, client.retry.maximumAttempts)
        var skipped = Set<String>()
        do {
            answers.merge(try fetch(queries.filter(isPercentile), minutes, client: fewerRetries)) { $1 }
        } catch {
            skipped = Set(queries.filter(isPercentile).map(\.id))
            log("cloudwatch: no percentile series: \(error)")
        }
        let starts = minutes.periodStarts
        return zip(queries, labels).compactMap { query, label in
            if skipped.contains(query.id) { return nil }
            let answer = answers[query.id]
            var byStart: [Int: Double] = [:]
            for (time, value) in zip(answer?.timestamps ?? [], answer?.values ?? []) {
                byStart[Int(time.timeIntervalSince1970)] = value
            }
            return MetricSeries(
                name: label.name, statistic: label.statistic, unit: label.unit, dimensions: label.dimensions,
                periodSeconds: minutes.periodSeconds, timestamps: starts, values: starts.map { byStart[$0] ?? 0 })
        }
    }

    /// Each cluster's RequestCount summed over `window`, after the settle wait.
    func requestTotals(_ window: MetricsWindow) throws(ProviderError) -> [String: Double] {
        let series = try collect(
            window,
            clusters: targetGroupArns.keys.sorted().map {
                DeployedCluster(name: $0, path: "", targetURL: "", instances: [])
            })
        var totals: [String: Double] = [:]
        for item in series where item.name == "RequestCount" && item.statistic == "Sum" {
            if let cluster = item.cluster { totals[cluster] = item.total }
        }
        return totals
    }

    private func query(
        _ index: Int, _ name: String, _ stat: String, _ dimensions: [CloudWatchDimension], _ period: Int
    ) -> CloudWatchMetricQuery {
        CloudWatchMetricQuery(
            id: "q\(index)", namespace: Self.namespace, metricName: name, dimensions: dimensions, period: period,
            stat: stat)
    }

    private func fetch(
        _ queries: [CloudWatchMetricQuery], _ window: MetricsWindow, client: AWSClient
    ) throws(ProviderError) -> [String: CloudWatchMetricSeries] {
        guard !queries.isEmpty, let first = window.periodStarts.first, let last = window.periodStarts.last else {
            return [:]
        }
        let start = Date(timeIntervalSince1970: Double(first))
        let end = Date(timeIntervalSince1970: Double(last + window.periodSeconds))
        var answers: [String: CloudWatchMetricSeries] = [:]
        var batch = 0
        while batch < queries.count {
            let part = Array(queries[batch..<min(queries.count, batch + 500)])
            do {
                for series in try CloudWatch(client: client).getMetricData(part, start: start, end: end) {
                    answers[series.id] = series
                }
            } catch {
                throw .metricsUnavailable("cloudwatch: \(error)")
            }
            batch += 500
        }
        return answers
    }

    private func settle(_ end: Double) throws(ProviderError) {
        let until = settleUntil(end)
        while Date().timeIntervalSince1970 < until {
            if isCancelled() { throw .metricsUnavailable("cloudwatch: cancelled while waiting for late metrics") }
            Thread.sleep(forTimeInterval: min(1, until - Date().timeIntervalSince1970))
        }
    }
}
