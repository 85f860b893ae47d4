/// Renders report.md: the verdict, the comparison table, the comparisons with their intervals, the thresholds, the
/// reconciliation with the balancer, and the agents.
public enum MarkdownReport {
    /// The whole document.
    public static func render(_ report: RunReport) -> String {
        var out = ["# \(report.name): \(report.clusters.map(\.name).joined(separator: " vs "))", ""]
        out.append("Run `\(report.runID)`, provider `\(report.provider)`, \(report.schedule), \(report.outcome)"
            + (report.failure.map { " (\($0))" } ?? "") + "; \(report.startedAt) to \(report.finishedAt).")
        out += ["", "## Verdict", "", report.verdict, "", "## Clusters", ""]
        out.append("| | " + report.clusters.map(\.name).joined(separator: " | ") + " |")
        out.append("|---|" + report.clusters.map { _ in "---:|" }.joined())
        for (label, cells) in TextReport.rows(report) {
            out.append("| \(label) | " + cells.map(cell).joined(separator: " | ") + " |")
        }
        for comparison in report.comparisons {
            out += ["", "## \(comparison.candidate) against \(comparison.baseline)", ""]
            out.append("| statistic | \(comparison.baseline) | \(comparison.candidate) | ratio (95 % interval) |")
            out.append("|---|---:|---:|---:|")
            for statistic in comparison.statistics {
                let unit = statistic.name == "throughput" ? " req/s" : " ms"
                out.append("| \(statistic.name) | \(number(statistic.baseline))\(unit) | "
                    + "\(number(statistic.candidate))\(unit) | \(StatisticText.ratio(statistic)) |")
            }
            out.append("")
            out.append("Better: \(comparison.better ?? "neither (within the noise)"), decided by the "
                + "\(comparison.decidedBy) latency; * marks a difference larger than the noise.")
        }
        if !report.thresholds.isEmpty {
            out += ["", "## Thresholds", "", "| cluster | rule | value | result |", "|---|---|---:|---|"]
            for threshold in report.thresholds {
                out.append("| \(threshold.cluster) | \(threshold.rule) | \(ThresholdResult.number(threshold.actual)) "
                    + "| \(threshold.passed ? "ok" : "**breached**") |")
            }
        }
        out += ["", "## Clients and balancer", ""]
        for cluster in report.clusters {
            guard let reconciliation = cluster.reconciliation else { continue }
            out.append("- **\(cluster.name)**: agents sent \(reconciliation.clientSent), got "
                + "\(reconciliation.clientResponses) answers; balancer RequestCount "
                + (reconciliation.balancerRequestCount.map(String.init) ?? "n/a") + ". "
                + reconciliation.explanation.joined(separator: "; ") + ".")
        }
        out += ["", "## Agents", ""]
        out += AgentFields.table(report.agents).map { "| " + $0.joined(separator: " | ") + " |" }
            .enumerated().flatMap { index, line in
                index == 0 ? [line, "|" + String(repeating: "---|", count: AgentFields.names(report.agents).count)]
                    : [line]
            }
        let starts = TextReport.agentLines(report).filter { $0.hasPrefix("phase ") }
        if !starts.isEmpty { out += [""] + starts.map { "- " + $0.prefix(1).uppercased() + $0.dropFirst() } }
        out += ["", "Files: `report.json` (schema `\(report.schema)`, docs/report.schema.json), `report.html`, "
            + "`<cluster>.hlog`, `metrics.json`."]
        return out.joined(separator: "\n")
    }

    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    private static func number(_ value: Double) -> String { ThresholdResult.number(value) }
}

/// The fields of `AgentSummary`, whatever they are, read by reflection: the agents' table shows every field the
/// summary has, also those added later (clock offset, host, lost).
enum AgentFields {
    /// The field names, in declaration order.
    static func names(_ agents: [AgentSummary]) -> [String] {
        guard let first = agents.first else { return ["name"] }
        return Mirror(reflecting: first).children.compactMap(\.label)
    }

    /// A header row, then one row per agent.
    static func table(_ agents: [AgentSummary]) -> [[String]] {
        [names(agents)] + agents.map { agent in
            Mirror(reflecting: agent).children.map { child in
                let value = child.value
                if let optional = value as? OptionalDescribable { return optional.describedOrDash }
                return "\(value)"
            }
        }
    }
}

/// An optional that prints its wrapped value, or `-` when nil.
protocol OptionalDescribable { var describedOrDash: String { get } }

extension Optional: OptionalDescribable {
    var describedOrDash: String {
        switch self {
        case .some(let value): "\(value)"
        case .none: "-"
        }
    }
}
