import BenchConfig
import HdrCodec
import Wire

/// `report.json`: the run's results for people and machines. Field meanings are documented in docs/report.md;
/// `schema` changes whenever a field changes meaning.
public struct RunReport: Codable, Sendable {
    /// The format id of this version of report.json.
    public static let schemaID = "clusterbench.report/3"

    /// Format id (`schemaID` when written by this version).
    public var schema = RunReport.schemaID
    /// `<UTC yyyyMMdd-HHmmss>-<config name>-<random hex>`, also the run folder's name.
    public var runID: String
    /// The config's name.
    public var name: String
    /// The config's description.
    public var description: String
    /// The provider plugin that built the clusters.
    public var provider: String
    /// `sequential` or `parallel`.
    public var schedule: String
    /// ISO 8601 UTC.
    public var startedAt: String
    /// ISO 8601 UTC.
    public var finishedAt: String
    /// "completed", "failed" or "cancelled".
    public var outcome: String
    /// Why the run did not complete, if it did not.
    public var failure: String?
    /// Every agent that joined.
    public var agents: [AgentSummary]
    /// One entry per cluster, in config order.
    public var clusters: [ClusterReport]
    /// The config's faults and what became of each (empty when there were none).
    public var faults: [FaultReport]
    /// The config's `load.reportInterval` in seconds: the length of a timeline bin and of a bootstrap unit.
    public var reportIntervalSeconds: Double
    /// How the comparisons estimate their uncertainty.
    public var bootstrap = BootstrapSettings.standard
    /// Every cluster after the first against the first.
    public var comparisons: [Comparison] = []
    /// The verdict, one paragraph written from the comparisons.
    public var verdict = ""
    /// The config's thresholds, each evaluated for every cluster it applies to.
    public var thresholds: [ThresholdResult] = []
    /// What the agent protocol dropped; nil when no agent hub ran.
    public var wire: WireSummary?

    /// Makes a report; `faults` defaults to none.
    public init(
        runID: String, name: String, description: String, provider: String, schedule: String, startedAt: String,
        finishedAt: String, outcome: String, failure: String?, agents: [AgentSummary], clusters: [ClusterReport],
        faults: [FaultReport] = [], reportIntervalSeconds: Double = 1, thresholdsFrom config: [ThresholdConfig] = []
    ) {
        self.runID = runID
        self.name = name
        self.description = description
        self.provider = provider
        self.schedule = schedule
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.failure = failure
        self.agents = agents
        self.clusters = clusters
        self.faults = faults
        self.reportIntervalSeconds = reportIntervalSeconds
        thresholds = ThresholdResult.evaluate(config, clusters: clusters)
    }

    /// True when every threshold held (also when there are none).
    public var thresholdsPassed: Bool { thresholds.allSatisfy(\.passed) }
}

/// One agent that took part.
public struct AgentSummary: Codable, Sendable, Equatable {
    /// Its name (`--name`).
    public var name: String
    /// Its host.
    public var host: String
    /// Its process id on that host.
    public var pid: Int
    /// Its build's version.
    public var version: String
    /// The processor count its HELLO gave.
    public var cores: Int?
    /// Why it was declared lost (silent, its process exited, could not prepare a shard); nil if it was not.
    public var lost: String?
    /// Lost after START: the phase it was lost in.
    public var lostInPhase: Int?
    /// Lost after START: seconds since the load started from its last accepted report to its loss, the window in
    /// which what it did went unreported.
    public var lostWindowSeconds: [Double]?
    /// Lost after START: requests it reported started but never reported ended, by cluster (they may or may not
    /// have reached the target), so that completed + failed + these = requested.
    public var sentUnreported: [String: Int]?
    /// Lost after START: requests of its shard re-planned onto the other agents, by cluster.
    public var replannedRequests: [String: Int]?
    /// Its clock minus the coordinator's, milliseconds, from the best of its timestamped round trips.
    public var clockOffsetMilliseconds: Double?
    /// How far the true offset may lie from that: half the best round trip, milliseconds.
    public var clockUncertaintyMilliseconds: Double?
    /// When its shards actually began (corrected by the offset) less the phase's chosen instant, the largest in size
    /// over the phases it began with, milliseconds.
    public var startDeviationMilliseconds: Double?
    /// Its engine threads' wake-ups more than 1 ms after the instant they asked for, their run-queue wait and CPU time,
    /// over the run: how far its host let the schedule slip, and how close the engine came to its cores' limit. Nil
    /// when it never reported any.
    public var engineHealth: EngineHealthSummary?

    /// Makes a summary.
    public init(name: String, host: String, pid: Int, version: String) {
        self.name = name
        self.host = host
        self.pid = pid
        self.version = version
    }
}

/// An agent's engine health (`EngineHealth`: late wake-ups, run-queue wait, CPU time) in milliseconds, for report.json.
public struct EngineHealthSummary: Codable, Sendable, Equatable {
    /// Wake-ups more than 1 ms after the asked instant.
    public var lateWakeUps: Int
    /// Their delays past the asked instant, added up.
    public var lateWakeUpMilliseconds: Double
    /// The longest of them.
    public var longestLateWakeUpMilliseconds: Double
    /// Time its engine threads were runnable but waiting for a CPU; nil where the kernel does not say.
    public var runQueueWaitMilliseconds: Double?
    /// CPU time its engine threads used.
    public var cpuMilliseconds: Double?

    /// The summary of `delays`, to the microsecond.
    public init(_ delays: EngineHealth) {
        func milliseconds(_ value: UInt64) -> Double { (Double(value) / 1_000).rounded() / 1_000 }
        lateWakeUps = delays.lateWakeUps
        lateWakeUpMilliseconds = milliseconds(delays.lateWakeUpNanoseconds)
        longestLateWakeUpMilliseconds = milliseconds(delays.longestLateWakeUpNanoseconds)
        runQueueWaitMilliseconds = delays.runQueueWaitNanoseconds.map(milliseconds)
        cpuMilliseconds = delays.cpuNanoseconds.map(milliseconds)
    }

    /// What the console says about an agent's engine threads over one phase of `nanoseconds` on `cores` threads:
    /// that they woke late for at least 0.5 % of the phase or once by 50 ms (the host delayed sends), and that they
    /// were 85 % busy or more over the phase or over its `busiest` second (the load generator was near its limit:
    /// a phase of bursts and pauses, as the reference experiment's flows, can saturate it in its bursts while the
    /// phase as a whole looks idle). Empty when neither.
    public static func phaseNotes(
        _ delays: EngineHealth, nanoseconds: UInt64, cores: Int, busiest: BusiestStretch? = nil
    ) -> [String] {
        var notes: [String] = []
        if delays.lateWakeUps > 0, delays.lateWakeUpNanoseconds * 200 >= nanoseconds || delays.longestLateWakeUpNanoseconds >= 50_000_000 {
            notes.append("its engine \(EngineHealthSummary(delays).summary); its host, not the servers, delayed those sends (see late)")
        }
        let cores = Double(max(1, cores))
        let phase = delays.cpuNanoseconds.flatMap { nanoseconds > 0 ? Double($0) / Double(nanoseconds) / cores : nil }
        let second = busiest?.busiestFraction.map { $0 / cores }
        var saturation: (busy: Double, over: String)?
        if let phase, phase >= 0.85 {
            saturation = (phase, "over the phase")
        } else if let second, second >= 0.85 {
            saturation = (second, "in the phase's busiest second")
        }
        if let (busy, over) = saturation {
            notes.append(
                String(format: "its engine threads were %.0f %% busy %@ (%d core%@): the load generator was near its "
                    + "limit, so the results may be its as much as the servers' (add agents or --threads)",
                    100 * min(busy, 1), over, Int(cores), cores == 1 ? "" : "s"))
        }
        return notes
    }
}

/// The busiest stretch of one shard's engine threads: their CPU time over the wall time of consecutive reports,
/// taken a second at a time (reports are summed until they cover a second, then the sum starts again). A phase
/// shorter than a second is one stretch of its whole length.
public struct BusiestStretch: Sendable, Equatable {
    /// The length a stretch must reach to count: one second.
    public static let length: UInt64 = 1_000_000_000
    private var cpu: UInt64 = 0
    private var wall: UInt64 = 0
    private var best: Double?

    public init() {}

    /// Adds one report's CPU time over the interval it covers.
    public mutating func add(cpuNanoseconds: UInt64, intervalNanoseconds: UInt64) {
        cpu += cpuNanoseconds
        wall += intervalNanoseconds
        guard wall >= Self.length else { return }
        best = max(best ?? 0, Double(cpu) / Double(wall))
        cpu = 0
        wall = 0
    }

    /// CPU time over wall time in the busiest stretch (1.0: one thread busy throughout); the stretch so far if none
    /// has reached a second; nil before any report with CPU time.
    public var busiestFraction: Double? {
        best ?? (wall > 0 ? Double(cpu) / Double(wall) : nil)
    }

    /// The busier of two shards' stretches (an agent with several shards in a phase).
    public static func busier(_ a: BusiestStretch?, _ b: BusiestStretch) -> BusiestStretch {
        guard let a, let fraction = a.busiestFraction else { return b }
        return (b.busiestFraction ?? 0) > fraction ? b : a
    }
}

/// One cluster's results: the client-side view merged over all agents, and the load balancer's own count.
public struct ClusterReport: Codable, Sendable {
    /// Cluster name, from the config.
    public var name: String
    /// The load balancer path routed to the cluster.
    public var path: String
    /// Instance type of every instance.
    public var instanceType: String
    /// Number of instances.
    public var instanceCount: Int
    /// The load model and its parameters.
    public var load: LoadParameters
    /// Requests the workload asked for (open: arrivals, sent or dropped); nil for a closed load with a duration.
    public var requested: Int?
    /// Requests the agents started.
    public var sent: Int
    /// Responses with status 2xx or 3xx.
    public var completed: Int
    /// Requests answered 4xx/5xx or ended by a transport error.
    public var failed: Int
    /// Responses by status class (`"2xx"` ...).
    public var statusClasses: [String: Int]
    /// Transport errors by kind: `connect`, `timeout`, `reset`, `tls`, `aborted`, `other`.
    public var errors: [String: Int]
    /// Response body bytes received.
    public var bytes: Int
    /// Sends that left more than 1 ms after their due time (open model).
    public var late: Int
    /// open: of `late`, the sends that waited for a free slot: when they came due, their agent already had its share
    /// of `maxInFlight` in flight (the servers were slow to answer). The rest of `late` is the load generator's own
    /// delay. nil for the other models and in reports written before it was counted.
    public var lateAtCap: Int?
    /// Arrivals not sent: they waited a whole request timeout at the in-flight cap (open model).
    public var dropped: Int
    /// Wall time of the cluster's load, from start signal to the last final report, in seconds.
    public var durationSeconds: Double
    /// Completed requests per second over `durationSeconds`.
    public var throughputPerSecond: Double
    /// open: scheduled arrivals per second over the schedule.
    public var intendedRatePerSecond: Double?
    /// open: requests sent per second over the schedule's duration.
    public var achievedRatePerSecond: Double?
    /// From the intended send (the due time in the open model) to completion.
    public var latencyMilliseconds: LatencySummary
    /// From the actual send to completion.
    public var serviceTimeMilliseconds: LatencySummary
    /// Responses per instance as the agents saw them (`X-Instance-Id`).
    public var perInstance: [String: Int]
    /// What the load balancer itself counted; nil if the provider could not say.
    public var loadBalancer: LoadBalancerView?
    /// Requests, throughput and latency per report interval.
    public var timeline: [TimelinePoint]
    /// How the provider shaped the cluster's instances for their type (workers, threads, CPU quota, memory limit)
    /// and whether that was enforced; nil if the provider does not shape instances or provisioning failed.
    public var profile: InstanceProfile?
    /// `failed / sent * 100`; 0 when nothing was sent.
    public var errorPercent: Double = 0
    /// The clients' counts and latency set against the balancer's.
    public var reconciliation: Reconciliation?
    /// How evenly the instances were used.
    public var balance: Balance?
    /// The busiest minute's requests.
    public var peakRequestsPerMinute: PeakRate?

    /// A cluster's report from its merged tally and its workload.
    public init(
        name: String, path: String, instanceType: String, instanceCount: Int, workload: Workload, tally: ClusterTally,
        durationSeconds: Double, loadBalancer: LoadBalancerView?, profile: InstanceProfile? = nil
    ) {
        self.name = name
        self.path = path
        self.instanceType = instanceType
        self.instanceCount = instanceCount
        load = LoadParameters(workload)
        requested = workload.requestCount
        sent = tally.sent
        completed = tally.completed
        failed = tally.failed
        statusClasses = tally.statusClasses
        errors = tally.errors
        bytes = tally.bytes
        late = tally.late
        dropped = tally.dropped
        self.durationSeconds = durationSeconds
        throughputPerSecond = durationSeconds > 0 ? Double(tally.completed) / durationSeconds : 0
        if case .open(let open) = workload {
            let schedule = open.schedule
            let seconds = Double(schedule.durationNanoseconds) / 1e9
            intendedRatePerSecond = schedule.averageRate
            achievedRatePerSecond = seconds > 0 ? Double(tally.sent) / seconds : 0
            lateAtCap = tally.lateAtCap
        }
        latencyMilliseconds = LatencySummary(tally.histogram)
        serviceTimeMilliseconds = LatencySummary(tally.serviceHistogram)
        perInstance = tally.instances
        self.loadBalancer = loadBalancer
        // The timeline comes from the run folder's .hlog files (RunFolder.complete), as for `coordinator report`.
        timeline = []
        self.profile = profile
    }
}

/// Latency percentiles in milliseconds, from a merged histogram.
public struct LatencySummary: Codable, Sendable, Equatable {
    /// Values recorded.
    public var count: UInt64
    /// The lowest, mean, percentiles and highest value, in milliseconds.
    public var min: Double
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double

    /// The summary of a histogram.
    public init(_ histogram: LatencyHistogram) {
        func ms(_ ns: UInt64) -> Double { Double(ns) / 1e6 }
        count = histogram.totalCount
        guard count > 0 else {
            min = 0; mean = 0; p50 = 0; p90 = 0; p99 = 0; p999 = 0; max = 0
            return
        }
        min = ms(histogram.min)
        mean = histogram.mean / 1e6
        p50 = ms(histogram.valueAtPercentile(50))
        p90 = ms(histogram.valueAtPercentile(90))
        p99 = ms(histogram.valueAtPercentile(99))
        p999 = ms(histogram.valueAtPercentile(99.9))
        max = ms(histogram.max)
    }
}

/// The load balancer's own count of one cluster's traffic.
public struct LoadBalancerView: Codable, Sendable, Equatable {
    /// HTTP requests the balancer routed to the cluster.
    public var requests: Int
    /// Requests per instance as the balancer counted them.
    public var perInstance: [String: Int]
    /// Instances passing health checks when the count was read.
    public var healthyInstances: Int
    /// `requests` minus the agents' `sent`: non-zero means the two views disagree.
    public var differenceFromAgents: Int
    /// The balancer's metric series over the run's window, summed up; nil when the provider has no collector or
    /// it failed.
    public var series: LoadBalancerSeriesSummary?

    /// Makes the balancer's view; `series` defaults to none.
    public init(
        requests: Int, perInstance: [String: Int], healthyInstances: Int, differenceFromAgents: Int,
        series: LoadBalancerSeriesSummary? = nil
    ) {
        self.requests = requests
        self.perInstance = perInstance
        self.healthyInstances = healthyInstances
        self.differenceFromAgents = differenceFromAgents
        self.series = series
    }
}

extension EngineHealthSummary {
    /// `woke more than 1 ms late 575 times (820.4 ms in all, longest 5.9 ms; 12.0 ms waiting for a CPU)`.
    public var summary: String {
        let wait = runQueueWaitMilliseconds.map { String(format: "; %.1f ms waiting for a CPU", $0) } ?? ""
        return "woke more than 1 ms late \(lateWakeUps) time\(lateWakeUps == 1 ? "" : "s")"
            + String(format: " (%.1f ms in all, longest %.1f ms", lateWakeUpMilliseconds, longestLateWakeUpMilliseconds) + wait + ")"
    }
}
