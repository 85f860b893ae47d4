import Foundation

/// Renders the side-by-side cluster comparison for the terminal.
public enum TextReport {
    /// The comparison table: one column per cluster; `colour` marks breached thresholds and the better cluster
    /// with ANSI colours (only for a terminal).
    public static func render(_ report: RunReport, colour: Bool = false) -> String {
        let rows = rows(report)
        let header = [""] + report.clusters.map(\.name)
        let labelWidth = max(header[0].count, rows.map(\.0.count).max() ?? 0)
        let widths = report.clusters.indices.map { index in
            max(header[index + 1].count, rows.map { $0.1[index].count }.max() ?? 0)
        }
        func line(_ label: String, _ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                String(repeating: " ", count: widths[index] - cell.count) + cell
            }
            return (label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  "
                + padded.joined(separator: "  "))
        }
        var lines = [line("", Array(header.dropFirst()))]
        lines.append(String(repeating: "-", count: labelWidth + widths.reduce(0) { $0 + $1 + 2 }))
        lines += rows.map { line($0.0, $0.1) }
        for fault in report.faults {
            let when = fault.injectedAfterSeconds.map { String(format: "at %.1f s", $0) } ?? "not injected"
            lines.append("fault: \(fault.action) \(fault.instance) \(when)" + (fault.error.map { " (\($0))" } ?? ""))
        }
        lines += agentLines(report)
        for threshold in report.thresholds {
            let mark = threshold.passed ? "ok      " : "BREACHED"
            let text = "threshold \(mark) \(threshold.cluster): \(threshold.rule) "
                + "(\(ThresholdResult.number(threshold.actual)))"
            lines.append(colour ? (threshold.passed ? "\u{1B}[32m" : "\u{1B}[1;31m") + text + "\u{1B}[0m" : text)
        }
        return lines.joined(separator: "\n")
    }

    /// Each agent's clock offset and start (up to 8 agents; a summary line beyond), then each phase's start skew.
    static func agentLines(_ report: RunReport) -> [String] {
        let measured = report.agents.filter { $0.clockOffsetMilliseconds != nil }
        var lines: [String] = []
        if measured.count <= 8 {
            for agent in measured {
                let began = agent.startDeviationMilliseconds.map { String(format: ", began %+.3f ms from the start instant", $0) }
                lines.append(
                    "agent \(agent.name) on \(agent.host)" + (agent.cores.map { " (\($0) cores)" } ?? "")
                        + String(format: ": clock %+.3f ms ± %.3f ms", agent.clockOffsetMilliseconds ?? 0,
                            agent.clockUncertaintyMilliseconds ?? 0) + (began ?? ""))
                if let delays = agent.engineHealth, delays.lateWakeUps > 0 {
                    lines.append("  its engine " + delays.summary)
                }
            }
        } else {
            let worst = measured.compactMap(\.clockUncertaintyMilliseconds).max() ?? 0
            lines.append(String(format: "%d agents: clock offsets measured to ± %.3f ms at worst", measured.count, worst))
        }
        for start in report.wire?.starts ?? [] {
            lines.append(
                String(format: "phase %d start skew %.3f ms over %d agents (the last began %.3f ms after the instant)",
                    start.phase, start.skewMilliseconds, start.agents, start.lastAfterInstantMilliseconds))
        }
        return lines
    }

    /// The verdict wrapped to `width` columns, in bold on a terminal.
    public static func verdict(_ report: RunReport, colour: Bool = false) -> String {
        let text = wrap(report.verdict, width: 100)
        return colour ? "\u{1B}[1m" + text + "\u{1B}[0m" : text
    }

    /// `text` broken into lines of at most `width` columns at spaces.
    public static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }

    /// The table's rows: a label and one cell per cluster (also the rows of report.md and report.html).
    public static func rows(_ report: RunReport) -> [(String, [String])] {
        var rows: [(String, [String])] = []
        func row(_ label: String, _ value: (ClusterReport) -> String) {
            rows.append((label, report.clusters.map(value)))
        }
        func ms(_ value: Double) -> String { String(format: "%.2f", value) }
        let anyOpen = report.clusters.contains { $0.load.model == "open" }
        row("instances") { "\($0.instanceCount) x \($0.instanceType)" }
        if report.clusters.contains(where: { $0.profile != nil }) {
            row("instance profile") { cluster in
                guard let profile = cluster.profile else { return "-" }
                let shape = "\(profile.workers)w x \(profile.threads)t"
                guard profile.enforced, let quota = profile.cpuQuota else { return shape + ", not enforced" }
                return shape + String(format: ", %.3g CPU", quota)
            }
        }
        row("model") { $0.load.model }
        if report.clusters.contains(where: { $0.load.engine != nil }) { row("engine") { $0.load.engine ?? "-" } }
        row("requests") { $0.requested.map(String.init) ?? "\($0.sent) (timed)" }
        row("completed") { "\($0.completed)" }
        row("failed") { failure in
            let detail = (failure.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                + failure.statusClasses.filter { $0.key.hasPrefix("4") || $0.key.hasPrefix("5") }
                .sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })
            return detail.isEmpty ? "\(failure.failed)" : "\(failure.failed) (\(detail.joined(separator: ", ")))"
        }
        row("duration (s)") { String(format: "%.1f", $0.durationSeconds) }
        row("throughput (req/s)") { String(format: "%.1f", $0.throughputPerSecond) }
        row("p50 (ms)") { ms($0.latencyMilliseconds.p50) }
        row("p90 (ms)") { ms($0.latencyMilliseconds.p90) }
        row("p99 (ms)") { ms($0.latencyMilliseconds.p99) }
        row("max (ms)") { ms($0.latencyMilliseconds.max) }
        if anyOpen {
            row("rate intended/sent") { cluster in
                guard let intended = cluster.intendedRatePerSecond, let achieved = cluster.achievedRatePerSecond else {
                    return "-"
                }
                return String(format: "%.1f/%.1f", intended, achieved)
            }
            row("late") { "\($0.late)" }
            row("late, every slot busy") { $0.lateAtCap.map(String.init) ?? "-" }
            row("dropped") { "\($0.dropped)" }
            row("service p99 (ms)") { ms($0.serviceTimeMilliseconds.p99) }
        }
        row("balancer count") { $0.loadBalancer.map { "\($0.requests)" } ?? "n/a" }
        if report.clusters.contains(where: { $0.loadBalancer?.series != nil }) {
            row("target resp. time (ms)") { cluster in
                cluster.loadBalancer?.series.map { String(format: "%.2f", $0.targetResponseTimeMilliseconds) } ?? "n/a"
            }
            row("min healthy hosts") { cluster in
                cluster.loadBalancer?.series.map { "\($0.minimumHealthyHosts)/\(cluster.instanceCount)" } ?? "n/a"
            }
        }
        row("per instance") { cluster in
            cluster.perInstance.sorted { $0.key < $1.key }.map { "\($0.value)" }.joined(separator: "/")
        }
        for comparison in report.comparisons {
            for statistic in comparison.statistics where ["throughput", "mean", "p99"].contains(statistic.name) {
                row("\(statistic.name) vs \(comparison.baseline)") { cluster in
                    guard cluster.name == comparison.candidate else {
                        return cluster.name == comparison.baseline ? "1" : ""
                    }
                    return StatisticText.ratio(statistic)
                }
            }
        }
        row("peak req/min") { cluster in
            cluster.peakRequestsPerMinute.map { "\($0.requestsPerMinute)" } ?? "n/a"
        }
        row("client - target (ms)") { cluster in
            cluster.reconciliation?.networkAndBalancerMilliseconds.map { String(format: "%.2f", $0) } ?? "n/a"
        }
        row("balance spread") { cluster in
            cluster.balance.map { String(format: "%.0f %%", $0.spreadPercent) } ?? "n/a"
        }
        return rows
    }
}

/// How the outputs write a ratio and its interval: `0.25 (0.22-0.28) *`, the star when larger than the noise.
enum StatisticText {
    static func ratio(_ statistic: StatisticComparison) -> String {
        guard let ratio = statistic.ratio else { return "n/a" }
        var text = String(format: "%.2f", ratio)
        if let low = statistic.low, let high = statistic.high { text += String(format: " (%.2f-%.2f)", low, high) }
        return text + (statistic.significant ? " *" : "")
    }
}
