import BalancerMetrics
import Foundation

/// Renders report.html: one self-contained file (inline CSS and SVG, no script, nothing from the network) with the
/// verdict, the table, the latency percentile spectrum on a log axis, throughput and p50/p99 over time, the
/// balancer's RequestCount, RequestCountPerTarget and TargetResponseTime per period, requests per instance, the
/// thresholds and the agents. Readable on a phone (fluid SVG) and printed (no background colours).
public enum HTMLReport {
    /// The percentiles the spectrum plots.
    static let spectrum: [Double] = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99]

    /// The whole document.
    public static func render(_ report: RunReport, bins: [ClusterIntervals], metrics: MetricsDocument?) -> String {
        let e = SVGChart.escape
        var body = "<h1>\(e(report.name)): \(e(report.clusters.map(\.name).joined(separator: " vs ")))</h1>"
        body += "<p class=\"meta\">run \(e(report.runID)) &middot; provider \(e(report.provider)) &middot; "
            + "\(e(report.schedule)) &middot; \(e(report.outcome))\(report.failure.map { " (\(e($0)))" } ?? "") "
            + "&middot; \(e(report.startedAt)) to \(e(report.finishedAt))</p>"
        body += "<section class=\"verdict\"><h2>Verdict</h2><p>\(e(report.verdict))</p></section>"
        body += table(report)
        if !report.thresholds.isEmpty {
            body += "<h2>Thresholds</h2><table><tr><th>cluster</th><th>rule</th><th>value</th><th>result</th></tr>"
            for threshold in report.thresholds {
                body += "<tr><td>\(e(threshold.cluster))</td><td>\(e(threshold.rule))</td>"
                    + "<td>\(ThresholdResult.number(threshold.actual))</td>"
                    + "<td class=\"\(threshold.passed ? "ok" : "bad")\">\(threshold.passed ? "ok" : "breached")</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>Latency</h2><div class=\"charts\">" + latencyCharts(report, bins: bins) + "</div>"
        body += "<h2>The load balancer's view</h2><div class=\"charts\">" + balancerCharts(report, metrics) + "</div>"
        body += "<h2>Agents</h2><table>"
        for (index, row) in AgentFields.table(report.agents).enumerated() {
            let tag = index == 0 ? "th" : "td"
            body += "<tr>" + row.map { "<\(tag)>\(e($0))</\(tag)>" }.joined() + "</tr>"
        }
        body += "</table>"
        for line in TextReport.agentLines(report) where line.hasPrefix("phase ") { body += "<p>\(e(line))</p>" }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(report.name)) \(e(report.runID))</title>
            <style>\(style)</style></head>
            <body>\(body)</body></html>
            """
    }

    static let style = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:12px;color:#111}\
        h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}.meta{color:#555}\
        .verdict{border-left:4px solid #1f77b4;padding:2px 12px;background:#f3f7fb}\
        table{border-collapse:collapse;font-size:.9em;display:block;overflow-x:auto}\
        td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}\
        td:first-child,th:first-child{text-align:left}.ok{color:#2a7a2a}.bad{color:#c00;font-weight:bold}\
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}\
        figure{margin:0;break-inside:avoid}figcaption{font-weight:600;margin-bottom:4px}\
        svg{width:100%;height:auto;font-size:11px}svg text{fill:#333}.axis{stroke:#333}.grid{stroke:#eee}\
        .legend{margin:2px 0;font-size:.85em}.none{color:#777}\
        @media print{body{max-width:none;font-size:11px}.verdict{background:none}.charts{display:block}\
        figure{page-break-inside:avoid;margin-bottom:10px}}
        """

    private static func table(_ report: RunReport) -> String {
        let e = SVGChart.escape
        var html = "<h2>Clusters</h2><table><tr><th></th>" + report.clusters.map { "<th>\(e($0.name))</th>" }.joined()
            + "</tr>"
        for (label, cells) in TextReport.rows(report) {
            html += "<tr><td>\(e(label))</td>" + cells.map { "<td>\(e($0))</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    private static func latencyCharts(_ report: RunReport, bins: [ClusterIntervals]) -> String {
        let x = { (p: Double) in log10(100 / (100 - Swift.min(p, 99.99))) }
        let spectrumLines = zip(report.clusters, bins).map { cluster, intervals in
            let values = intervals.latencyTotal.values(atPercentiles: spectrum)
            let points = intervals.latencyTotal.count == 0 ? [] : zip(spectrum, values).map {
                (x: x($0.0), y: Optional(Double($0.1) / 1e6))
            }
            return SVGChart.Line(name: cluster.name, points: points)
        }
        let ticks = [(0.0, "0%"), (1.0, "90%"), (2.0, "99%"), (3.0, "99.9%"), (4.0, "99.99%")]
        var html = SVGChart.lines(
            id: "spectrum", title: "Latency by percentile (log axis)", xLabel: "percentile",
            yLabel: "latency (ms)", lines: spectrumLines, xTicks: ticks)
        html += SVGChart.lines(
            id: "throughput", title: "Throughput over time (pauses show as 0)", xLabel: "seconds since the load began",
            yLabel: "requests/s",
            lines: report.clusters.map { cluster in
                SVGChart.Line(name: cluster.name, points: cluster.timeline.map { (x: $0.seconds, y: $0.throughput) })
            })
        html += SVGChart.lines(
            id: "latency-over-time", title: "p50 and p99 over time", xLabel: "seconds since the load began",
            yLabel: "latency (ms)",
            lines: report.clusters.flatMap { cluster in
                [("p50", \TimelinePoint.p50Milliseconds), ("p99", \TimelinePoint.p99Milliseconds)].map { name, path in
                    SVGChart.Line(
                        name: "\(cluster.name) \(name)",
                        points: cluster.timeline.map { (x: $0.seconds, y: $0.requests > 0 ? $0[keyPath: path] : nil) })
                }
            })
        html += SVGChart.bars(
            id: "per-instance", title: "Requests per instance (agents' X-Instance-Id count)", yLabel: "requests",
            groups: report.clusters.map { cluster in
                (cluster.name, cluster.perInstance.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
            })
        return html
    }

    private static func balancerCharts(_ report: RunReport, _ metrics: MetricsDocument?) -> String {
        let origin = Double(Int(metrics?.windowStart ?? 0))
        func chart(_ id: String, _ title: String, _ name: String, _ statistic: String, unit: String, scale: Double)
            -> String
        {
            SVGChart.lines(
                id: id, title: title, xLabel: "seconds since the window began (period starts)", yLabel: unit,
                lines: report.clusters.map { cluster in
                    let series = metrics?.series.first(name, statistic: statistic, cluster: cluster.name)
                    let points = series.map { series in
                        zip(series.timestamps, series.values).map { (x: Double($0.0) - origin, y: Optional($0.1 * scale)) }
                    } ?? []
                    return SVGChart.Line(name: cluster.name, points: points)
                })
        }
        let period = metrics.map { " (\($0.periodSeconds) s periods, \($0.source))" } ?? " (no collector)"
        return chart("request-count", "RequestCount (Sum)" + period, "RequestCount", "Sum", unit: "requests", scale: 1)
            + chart("request-count-per-target", "RequestCountPerTarget (Sum)" + period, "RequestCountPerTarget", "Sum",
                unit: "requests per target", scale: 1)
            + chart("target-response-time", "TargetResponseTime (Average)" + period, "TargetResponseTime", "Average",
                unit: "ms", scale: 1000)
            + SVGChart.bars(
                id: "per-target", title: "RequestCount per target, summed" + period, yLabel: "requests",
                groups: report.clusters.map { cluster in
                    (cluster.name, (cluster.loadBalancer?.series?.perTarget ?? [:]).sorted { $0.key < $1.key }
                        .map { ($0.key, Double($0.value)) })
                })
    }
}
