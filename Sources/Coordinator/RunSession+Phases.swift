import Foundation
import HdrCodec
import Messaging
import Planner
import Plugins
import Wire

extension RunSession {
    // MARK: Load

    struct CancelledRun: Error {}

    func checkCancelled() throws {
        if cancellation.isCancelled { throw CancelledRun() }
    }

    func runLoad(_ deployment: Deployment) throws {
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

    func runPhase(_ phase: ShardPlanner.Phase, number: Int, of total: Int, hub: AgentHub) throws {
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

    func absorb(_ header: ReportHeader, _ histograms: [TargetHistograms], shard: ShardAssignment) {
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
    func progressLine(_ cluster: String, requested: Int?, since start: UInt64) -> String {
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
}
