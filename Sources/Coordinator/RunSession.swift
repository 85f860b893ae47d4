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

    struct Outcome {
        var status: Status
        var report: RunReport?
        var runDirectory: String
    }

    let experiment: ExperimentConfig
    private let registry: ProviderRegistry
    private let paths: ProjectPaths
    private let cancellation: Cancellation
    let runID: String
    let runDirectory: String

    private var tallies: [String: ClusterTally] = [:]
    private var durations: [String: Double] = [:]
    private var timelineBins: [String: [Int: (requests: Int, histogram: LatencyHistogram)]] = [:]
    private var workloads: [String: Workload] = [:]
    private var loadStart: UInt64 = 0
    private var histogramLogs: ClusterHistogramLogs?
    private var startedAt = Date()
    private var agentProcesses: [ChildProcess] = []
    private var hub: AgentHub?
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
            Console.progress("provisioning \(experiment.clusters.count) clusters with provider \(experiment.provider.name)")
            let deployed = try made.provision(experiment)
            deployment = deployed
            try write(String(decoding: try Self.encoder.encode(deployed), as: UTF8.self), to: "deployment.json")
            try made.waitUntilHealthy(deployed, timeout: experiment.provider.healthTimeout)
            try checkCancelled()
            Console.progress("load balancer at \(deployed.loadBalancerURL): all instances healthy")

            try runLoad(deployed)
            lbCounts = try? made.loadBalancerCounts()
        } catch is CancelledRun {
            status = .cancelled
        } catch {
            status = cancellation.isCancelled ? .cancelled : .failed("\(error)")
        }

        // Agents normally exit on SHUTDOWN (sent as the load ends); any still running now is stopped.
        for child in agentProcesses where child.isRunning { child.terminate(grace: .seconds(2)) }
        collectMetrics(deployment)
        let report = makeReport(status: status, deployment: deployment, lbCounts: lbCounts)
        do {
            try write(String(decoding: try Self.encoder.encode(report), as: UTF8.self), to: "report.json")
        } catch {
            Console.progress("could not write report.json: \(error)")
        }
        if let provider {
            Console.progress("tearing down")
            provider.teardown()
        }
        return Outcome(status: status, report: deployment == nil ? nil : report, runDirectory: runDirectory)
    }

    // MARK: Load

    private struct CancelledRun: Error {}

    private func checkCancelled() throws {
        if cancellation.isCancelled { throw CancelledRun() }
    }

    private func runLoad(_ deployment: Deployment) throws {
        let context = try ZMQContext()
        let hub = try AgentHub(
            context: context, bind: experiment.agents.bind, heartbeatInterval: experiment.agents.heartbeatInterval,
            liveness: experiment.agents.heartbeatLiveness, log: { Console.progress("  \($0)") })
        self.hub = hub
        defer {
            // SHUTDOWN goes out over the still-open socket; only then is it closed.
            stopAgents(hub)
            hub.close()
        }
        try startAgents(hub: hub)

        let targets = experiment.clusters.compactMap { cluster in
            deployment.clusters.first { $0.name == cluster.name }.map {
                ShardPlanner.Endpoint(cluster: cluster.name, url: $0.targetURL)
            }
        }
        let phases = ShardPlanner(experiment: experiment).plan(targets: targets, agentCount: hub.liveAgents.count)
        loadStart = MonotonicClock.now()
        let logs = ClusterHistogramLogs(
            runDirectory: runDirectory, clusters: experiment.clusters.map(\.name), loadStartedAt: Date(),
            log: { Console.progress("  \($0)") })
        histogramLogs = logs
        loadStarted(deployment)
        defer {
            loadEnded()
            logs.close()
        }
        for (number, phase) in phases.enumerated() {
            try runPhase(phase, number: number + 1, of: phases.count, hub: hub)
        }
    }

    private func startAgents(hub: AgentHub) throws {
        let count = experiment.agents.spawn
        let journal = ProcessJournal(path: runDirectory + "/processes.jsonl")
        Console.progress("starting \(count) local agents on \(hub.endpoint)")
        for index in 1...count {
            let child = try ChildProcess.spawn(
                paths.agentExecutable, arguments: ["--coordinator", hub.endpoint, "--name", "agent-\(index)"],
                outputFile: runDirectory + "/logs/agent-\(index).log")
            agentProcesses.append(child)
            try journal.record(child)
        }
        let deadline = MonotonicClock.now() + 30_000_000_000
        while hub.agents.count < count {
            try checkCancelled()
            _ = try hub.pump(timeout: .milliseconds(100))
            if let dead = agentProcesses.first(where: { !$0.isRunning }) {
                throw RunError("agent \(dead.command.joined(separator: " ")) exited before joining; see \(runDirectory)/logs/")
            }
            if MonotonicClock.now() > deadline {
                throw RunError("only \(hub.agents.count) of \(count) agents joined within 30 s; see \(runDirectory)/logs/")
            }
        }
    }

    private func runPhase(_ phase: ShardPlanner.Phase, number: Int, of total: Int, hub: AgentHub) throws {
        let requested = phase.requestsPerCluster
        let loads = phase.clusters.map { "\($0) (\(workloads[$0]!.summary))" }
        Console.progress("phase \(number)/\(total): \(loads.joined(separator: ", ")) over \(phase.shards.count) agents")
        for (agent, shard) in phase.shards { hub.send(.shard(shard), to: agent) }
        var waitingReady = Set(phase.shards.keys)
        let readyDeadline = MonotonicClock.now() + 10_000_000_000
        while !waitingReady.isEmpty {
            try checkCancelled()
            for event in try hub.pump(timeout: .milliseconds(50)) {
                switch event {
                case .ready(let agent, let ref) where phase.shards[agent]?.shardID == ref.shardID:
                    waitingReady.remove(agent)
                case .lost(let agent) where waitingReady.contains(agent):
                    throw RunError("agent \(hub.agents[agent].hello.name) was lost before its shard started")
                default: break
                }
            }
            if MonotonicClock.now() > readyDeadline {
                throw RunError("agents \(waitingReady.map { hub.agents[$0].hello.name }.sorted()) did not prepare their shards within 10 s")
            }
        }

        let phaseStart = MonotonicClock.now()
        for (agent, shard) in phase.shards { hub.send(.start(ShardRef(shardID: shard.shardID, epoch: shard.epoch)), to: agent) }
        var nextSequence: [Int: Int] = [:]
        var unfinished = Set(phase.shards.keys)
        var lastProgress = phaseStart
        var stopSent = false
        var stopDeadline: UInt64 = .max
        while !unfinished.isEmpty {
            if cancellation.isCancelled && !stopSent {
                for agent in unfinished {
                    let shard = phase.shards[agent]!
                    hub.send(.stop(ShardRef(shardID: shard.shardID, epoch: shard.epoch)), to: agent)
                }
                stopSent = true
                stopDeadline = MonotonicClock.now() + 5_000_000_000
            }
            if MonotonicClock.now() > stopDeadline { break }
            for event in try hub.pump(timeout: .milliseconds(100)) {
                switch event {
                case .report(let agent, let header, let histograms):
                    guard let shard = phase.shards[agent], shard.shardID == header.shardID, shard.epoch == header.epoch,
                        header.sequence == nextSequence[agent, default: 0]
                    else { continue }
                    nextSequence[agent] = header.sequence + 1
                    absorb(header, histograms, shard: shard)
                    if header.final {
                        unfinished.remove(agent)
                        let seconds = Double(MonotonicClock.now() - phaseStart) / 1e9
                        for target in shard.targets { durations[target.cluster] = max(durations[target.cluster] ?? 0, seconds) }
                    }
                case .lost(let agent) where unfinished.contains(agent):
                    throw RunError("agent \(hub.agents[agent].hello.name) stopped answering during phase \(number); "
                        + "its shard \(phase.shards[agent]!.shardID) is incomplete")
                default: break
                }
            }
            let now = MonotonicClock.now()
            if now - lastProgress >= 2_000_000_000 {
                lastProgress = now
                for cluster in phase.clusters { Console.progress("  " + progressLine(cluster, requested: requested[cluster], since: phaseStart)) }
            }
        }
        try checkCancelled()
        for cluster in phase.clusters { Console.progress("  " + progressLine(cluster, requested: requested[cluster], since: phaseStart)) }
    }

    private func absorb(_ header: ReportHeader, _ histograms: [TargetHistograms], shard: ShardAssignment) {
        let sinceStart = MonotonicClock.now() - loadStart
        let bin = Int(sinceStart / UInt64(max(1, experiment.load.reportInterval.wholeNanoseconds)))
        for (counters, histogram) in zip(header.targets, histograms) {
            guard shard.targets.indices.contains(counters.target) else { continue }
            let cluster = shard.targets[counters.target].cluster
            tallies[cluster]?.add(counters, histograms: histogram)
            histogramLogs?.append(
                cluster: cluster, histograms: histogram, endSeconds: Double(sinceStart) / 1e9,
                lengthSeconds: Double(header.intervalNanoseconds) / 1e9)
            var entry = timelineBins[cluster, default: [:]][bin] ?? (0, LatencyHistogram.latency())
            entry.requests += counters.responses + counters.transportErrors
            entry.histogram.add(histogram.latency)
            timelineBins[cluster, default: [:]][bin] = entry
        }
    }

    /// `cluster1 (open): 300/600 requests, 0 failed, 0 late, 0 dropped, 199 req/s, p99 3.10 ms`; late and dropped
    /// only for the open model, and no total for a closed load with a duration.
    private func progressLine(_ cluster: String, requested: Int?, since start: UInt64) -> String {
        let tally = tallies[cluster]!
        let model = workloads[cluster]!.model
        let done = tally.completed + tally.failed
        let seconds = max(0.001, Double(MonotonicClock.now() - start) / 1e9)
        let p99 = Double(tally.histogram.valueAtPercentile(99)) / 1e6
        let count = requested.map { "\(done)/\($0)" } ?? "\(done)"
        let open = model == .open ? ", \(tally.late) late, \(tally.dropped) dropped" : ""
        return "\(cluster) (\(model.rawValue)): \(count) requests, \(tally.failed) failed\(open), "
            + String(format: "%.0f req/s, p99 %.2f ms", Double(done) / seconds, p99)
    }

    /// Sends SHUTDOWN to every live agent and waits (bounded) for the spawned ones to exit.
    private func stopAgents(_ hub: AgentHub) {
        for agent in hub.liveAgents { hub.send(.shutdown, to: agent) }
        for child in agentProcesses where child.waitForExit(timeout: .seconds(5)) == nil {
            child.terminate(grace: .seconds(2))
        }
    }

    // MARK: Report

    private func makeReport(status: Status, deployment: Deployment?, lbCounts: [String: BackendCounts]?) -> RunReport {
        let interval = experiment.load.reportInterval.wholeNanoseconds
        let clusters = experiment.clusters.map { cluster -> ClusterReport in
            var tally = tallies[cluster.name]!
            for (bin, entry) in (timelineBins[cluster.name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let seconds = Double(bin + 1) * Double(interval) / 1e9
                tally.appendTimeline(TimelinePoint(
                    seconds: seconds, requests: entry.requests,
                    throughput: Double(entry.requests) / (Double(interval) / 1e9),
                    p50Milliseconds: Double(entry.histogram.valueAtPercentile(50)) / 1e6,
                    p99Milliseconds: Double(entry.histogram.valueAtPercentile(99)) / 1e6))
            }
            let lb = lbCounts?[cluster.name].map {
                LoadBalancerView(requests: $0.requests, perInstance: $0.perInstance, healthyInstances: $0.healthyInstances,
                                 differenceFromAgents: $0.requests - tally.sent)
            }
            let profile = InstanceProfile.combining(
                deployment?.cluster(named: cluster.name)?.instances.compactMap { instance in
                    instance.profile.map { (instance.id, $0) }
                } ?? [])
            return ClusterReport(
                name: cluster.name, path: cluster.path, instanceType: cluster.instanceType, instanceCount: cluster.count,
                workload: workloads[cluster.name]!, tally: tally, durationSeconds: durations[cluster.name] ?? 0,
                loadBalancer: withSeries(lb, cluster: cluster.name), profile: profile)
        }
        let (outcome, failure): (String, String?) =
            switch status {
            case .completed: ("completed", nil)
            case .cancelled: ("cancelled", "interrupted")
            case .failed(let reason): ("failed", reason)
            }
        return RunReport(
            runID: runID, name: experiment.name, description: experiment.description,
            provider: experiment.provider.name, schedule: experiment.load.schedule.rawValue,
            startedAt: Self.timestamp(startedAt, format: "yyyy-MM-dd'T'HH:mm:ss'Z'"),
            finishedAt: Self.timestamp(Date(), format: "yyyy-MM-dd'T'HH:mm:ss'Z'"), outcome: outcome, failure: failure,
            agents: hub?.agents.map { AgentSummary(name: $0.hello.name, host: $0.hello.host, pid: $0.hello.pid, version: $0.hello.agentVersion) } ?? [],
            clusters: clusters, faults: observations.faults)
    }

    // MARK: Files

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()

    /// Writes a file of the run folder atomically (temporary file, then rename), so a crash never leaves half a file.
    func write(_ text: String, to name: String) throws {
        let url = URL(fileURLWithPath: runDirectory).appendingPathComponent(name)
        try Data((text + "\n").utf8).write(to: url, options: .atomic)
    }

    private static func timestamp(_ date: Date, format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}
