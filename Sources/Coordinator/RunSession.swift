import BenchConfig
import ChildProcesses
import Foundation
import HdrCodec
import Messaging
import Planner
import Plugins
import Report
import Wire

/// One run of an experiment: provision, agents, phases of load, report, teardown. Blocking; runs on the
/// calling thread, which owns the ZeroMQ socket.
final class RunSession {
    enum Status {
        case completed
        case cancelled
        case failed(String)
    }

    /// How much of a run this session does (`coordinator provision`, `coordinator run --reuse`).
    enum Stage: Equatable {
        /// Provision, load, report, tear down.
        case full
        /// Provision and wait until healthy, then leave everything up (torn down only after a failure).
        case provisionOnly
        /// Load against what `coordinator provision` left in this run folder; never tear it down.
        case reuse(String)
    }

    struct Outcome {
        var status: Status
        var report: RunReport?
        var runDirectory: String
    }

    let experiment: ExperimentConfig
    let registry: ProviderRegistry
    let paths: ProjectPaths
    let cancellation: Cancellation
    let runID: String
    let runDirectory: String
    /// How much of a run to do; `.full` unless set before `run()`.
    var stage = Stage.full

    var tallies: [String: ClusterTally] = [:]
    /// Seconds from each cluster's phase start to its last request's end (the agents' `lastEndNanoseconds`, on the
    /// coordinator's clock).
    var lastEnds: [String: Double] = [:]
    /// Seconds from each cluster's phase start to the arrival of its shards' last final report: its duration when
    /// no request's end was reported.
    var finalReports: [String: Double] = [:]

    /// A cluster's duration: up to its last request's end, or to its last final report.
    func duration(of cluster: String) -> Double { lastEnds[cluster] ?? finalReports[cluster] ?? 0 }
    /// Each agent's engine health over the run (late wake-ups, run-queue wait, CPU time), by agent index.
    var engineHealth: [Int: EngineHealth] = [:]
    /// The current phase's busiest second of each shard's engine threads, by shard id (the phase notes).
    var busiestStretches: [String: BusiestStretch] = [:]
    /// Responses and latency of the last few report intervals, for the progress line (the report takes its
    /// timeline from the .hlog files).
    var timelineBins: [String: [Int: (requests: Int, histogram: LatencyHistogram)]] = [:]
    var workloads: [String: Workload] = [:]
    /// The load engines that ran each cluster's shards (`fast`, `curl`), as the agents resolve the config's choice.
    var engines: [String: Set<String>] = [:]
    var loadStart: UInt64 = 0
    var histogramLogs: ClusterHistogramLogs?
    var startedAt = Date()
    var agentProcesses: [ChildProcess] = []
    var hub: AgentHub?
    /// Each shard's chosen start instant and actual start (RunSession+Start).
    var starts = StartLedger()
    /// Faults and load-balancer metrics (RunSession+Observations).
    var observations = RunObservations()

    init(
        experiment: ExperimentConfig, registry: ProviderRegistry, paths: ProjectPaths, resultsDirectory: String,
        cancellation: Cancellation
    ) {
        self.experiment = experiment
        self.registry = registry
        self.paths = paths
        self.cancellation = cancellation
        let stamp = Self.timestamp(Date(), format: "yyyyMMdd-HHmmss")
        let suffix = String(UInt32.random(in: 0..<0xFFFF), radix: 16)
        runID = "\(stamp)-\(experiment.name)-\(suffix)"
        runDirectory = URL(fileURLWithPath: resultsDirectory).appendingPathComponent(runID).path
        for cluster in experiment.clusters {
            tallies[cluster.name] = ClusterTally(cluster: cluster.name)
            workloads[cluster.name] = experiment.workload(for: cluster)
        }
    }

    func run() -> Outcome {
        HeapSettings.keepFreedMemory()
        startedAt = Date()
        var status = Status.completed
        var lbCounts: [String: BackendCounts]?
        var deployment: Deployment?
        var provider: (any Provider)?
        do {
            try FileManager.default.createDirectory(atPath: runDirectory + "/logs", withIntermediateDirectories: true)
            try write(experiment.json().serialized(pretty: true), to: "config.json")
            Console.progress("run \(runID): results in \(runDirectory)")
            let context = ProviderContext(
                runID: runID, runDirectory: runDirectory, projectRoot: paths.root,
                log: { Console.progress("  \($0)") }, isCancelled: { [cancellation] in cancellation.isCancelled })
            let made = try registry.make(experiment.provider.name, context: context)
            provider = made
            observations.provider = made
            let deployed = try provisionOrReuse(made)
            deployment = deployed
            try write(String(decoding: try Self.encoder.encode(deployed), as: UTF8.self), to: "deployment.json")
            try made.waitUntilHealthy(deployed, timeout: experiment.provider.healthTimeout)
            try checkCancelled()
            Console.progress("load balancer at \(deployed.loadBalancerURL): all instances healthy")
            if stage == .provisionOnly { return Outcome(status: .completed, report: nil, runDirectory: runDirectory) }

            try runLoad(deployed)
            lbCounts = try? made.loadBalancerCounts()
        } catch is CancelledRun {
            status = .cancelled
        } catch {
            status = cancellation.isCancelled ? .cancelled : .failed("\(error)")
        }

        // Agents normally exit on SHUTDOWN (sent as the load ends); any still running now is stopped.
        for child in agentProcesses where child.isRunning { child.terminate(grace: .seconds(2)) }
        // A failed or interrupted run still reports what the balancer counted.
        if lbCounts == nil, deployment != nil { lbCounts = try? provider?.loadBalancerCounts() }
        collectMetrics(deployment)
        let report = writeReport(makeReport(status: status, deployment: deployment, lbCounts: lbCounts))
        if let provider, !stage.isReuse {
            Console.progress("tearing down")
            provider.teardown()
        }
        return Outcome(status: status, report: deployment == nil ? nil : report, runDirectory: runDirectory)
    }

    // MARK: Files

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()

    /// Writes a file of the run folder atomically (temporary file, then rename), so a crash never leaves half a file.
    func write(_ text: String, to name: String) throws {
        let url = URL(fileURLWithPath: runDirectory).appendingPathComponent(name)
        try Data((text + "\n").utf8).write(to: url, options: .atomic)
    }

    static func timestamp(_ date: Date, format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}
