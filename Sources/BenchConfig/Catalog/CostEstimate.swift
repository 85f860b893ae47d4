#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What an experiment would create and what it would cost at the catalogue's on-demand prices: per cluster the
/// instances, their vCPUs, memory and hourly price; the total per hour; and the cost for the load's expected
/// duration. `coordinator plan` prints it.
public struct CostEstimate: Sendable, Equatable {
    /// One cluster's part.
    public struct Line: Sendable, Equatable {
        /// The cluster's name.
        public var cluster: String
        /// How many instances.
        public var count: Int
        /// Their type.
        public var type: InstanceType
        /// vCPUs of all the cluster's instances.
        public var vCPUs: Int { count * type.vCPUs }
        /// Memory of all the cluster's instances, in GiB.
        public var memoryGiB: Double { Double(count) * type.memoryGiB }
        /// USD per hour of all the cluster's instances.
        public var hourlyUSD: Double { Double(count) * type.hourlyUSD }
    }

    /// The clusters, in config order.
    public var lines: [Line]
    /// The load's expected duration: every cluster's flows, one request at a time at `requestTime` each, plus the
    /// pauses; clusters one after another or side by side as the schedule says.
    public var loadDuration: Duration
    /// The response time assumed per request.
    public var requestTime: Duration
    /// Requests of the longest flow of one cluster.
    public var longestFlowRequests: Int
    /// Pauses of the longest flow of one cluster, added up.
    public var longestFlowPauses: Duration

    /// The estimate for `config` (read from `file`) with `catalog`'s prices, assuming each request takes
    /// `requestTime`.
    /// - Throws: the catalogue's `validate` error if a cluster's type is not in the catalogue.
    public init(
        config: ExperimentConfig,
        catalog: InstanceCatalog,
        file: String,
        requestTime: Duration
    ) throws(ConfigError) {
        try catalog.validate(config, file: file)
        lines = config.clusters.map { cluster in
            Line(cluster: cluster.name, count: cluster.count, type: catalog.type(named: cluster.instanceType)!)
        }
        self.requestTime = requestTime
        var longest = (requests: 0, pauses: Duration.zero)
        var longestTime = Duration.zero
        for flow in config.load.flows {
            var pauses = Duration.zero
            for step in flow.steps {
                if case .pause(let pause) = step { pauses += pause }
            }
            let time = pauses + requestTime * flow.totalRequests
            if time > longestTime || longest.requests == 0 {
                longestTime = time
                longest = (flow.totalRequests, pauses)
            }
        }
        longestFlowRequests = longest.requests
        longestFlowPauses = longest.pauses
        loadDuration = config.load.schedule == .sequential ? longestTime * config.clusters.count : longestTime
    }

    /// USD per hour of every instance.
    public var hourlyUSD: Double { lines.reduce(0) { $0 + $1.hourlyUSD } }

    /// USD for running every instance for the load's expected duration, billed per second with a 60-second
    /// minimum per instance (EC2 Linux on-demand). Provisioning and health waits are not included.
    public var runUSD: Double {
        hourlyUSD * max(60, loadDuration.estimateSeconds) / 3600
    }

    /// The table and the two summary lines `coordinator plan` prints for `config`, read from `file`.
    public func text(config: ExperimentConfig, file: String, catalog: InstanceCatalog) -> String {
        let header = ["cluster", "instances", "vCPUs", "memory", "network", "USD/h each", "USD/h"]
        var rows = lines.map { line in
            [
                line.cluster, "\(line.count) x \(line.type.name)", "\(line.vCPUs)", Self.gib(line.memoryGiB),
                line.type.network, Self.usd(line.type.hourlyUSD), Self.usd(line.hourlyUSD),
            ]
        }
        let count = lines.reduce(0) { $0 + $1.count }
        rows.append([
            "total", "\(count) instance\(count == 1 ? "" : "s")", "\(lines.reduce(0) { $0 + $1.vCPUs })",
            Self.gib(lines.reduce(0) { $0 + $1.memoryGiB }), "", "", Self.usd(hourlyUSD),
        ])
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        let rightAligned: Set<Int> = [2, 3, 5, 6]
        let table = all.map { row in
            row.indices.map { column in
                let cell = row[column]
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let perCluster = config.load.flows.reduce(0) { $0 + $1.totalRequests }
        let flows = config.load.flows.count
        let longest =
            "longest flow: \(longestFlowRequests) requests x \(requestTime.configText)"
            + (longestFlowPauses > .zero ? " + \(longestFlowPauses.configText) of pauses" : "")
        let flowsText = "\(flows) flow\(flows == 1 ? "" : "s")"
        return
            (["plan: \(config.name) (\(file)) on provider \(config.provider.name)"] + table + [
                "load: \(config.load.schedule.rawValue), \(flowsText), \(perCluster) requests per cluster; expected "
                    + "duration \(Self.durationText(loadDuration)) (\(longest) per cluster; --request-time sets the "
                    + "time assumed per request)",
                "cost for the expected duration: USD \(Self.usd(runUSD)) (every instance runs for the whole load, "
                    + "billed per second with a 60 s minimum; provisioning and health checks not included)",
                "prices: on-demand Linux, \(catalog.region), USD, checked \(catalog.checked) (\(catalog.file))",
            ]).joined(separator: "\n")
    }

    /// `0.1000`: four decimals, as prices of small instances need.
    static func usd(_ value: Double) -> String {
        String(format: "%.4f", value)
    }

    /// `32 GiB`, `0.5 GiB`.
    static func gib(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) GiB" : String(format: "%.1f GiB", value)
    }

    /// `50 s`, `1 min 10 s`, `2 h 5 min`: whole seconds.
    static func durationText(_ duration: Duration) -> String {
        let total = Int(duration.estimateSeconds.rounded())
        let (hours, minutes, seconds) = (total / 3600, total % 3600 / 60, total % 60)
        if hours > 0 { return "\(hours) h \(minutes) min" }
        if minutes > 0 { return seconds == 0 ? "\(minutes) min" : "\(minutes) min \(seconds) s" }
        return "\(seconds) s"
    }
}

extension Duration {
    /// Seconds as a `Double`, for cost arithmetic.
    fileprivate var estimateSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
