import Foundation
import HdrCodec
import Messaging
import Planner
import Plugins
import Report
import Wire

extension RunSession {
    // MARK: Load

    struct CancelledRun: Error {}

    func checkCancelled() throws {
        if cancellation.isCancelled { throw CancelledRun() }
    }

    func runLoad(_ deployment: Deployment) throws {
        let context = try ZMQContext()
        let security = try AgentSecurity(experiment.agents)
        let zap = try security.startAuthentication(context) { Console.progress("  \($0)") }
        defer { zap?.stop() }
        let hub = try AgentHub(
            context: context, bind: experiment.agents.bind, heartbeatInterval: experiment.agents.heartbeatInterval,
            liveness: experiment.agents.heartbeatLiveness,
            admission: AgentHub.Admission(token: agentToken, acceptsOthers: experiment.agents.remote > 0),
            configure: security.configure, log: { Console.progress("  \($0)") })
        hub.security = security.mode.rawValue
        let agentLogs = AgentLogFiles(runDirectory: runDirectory)
        hub.agentLog = { agent, line in agentLogs.write(agent: agent.hello.name, line) }
        self.hub = hub
        defer {
            // SHUTDOWN goes out over the still-open socket; only then is it closed.
            stopAgents(hub)
            hub.close()
            agentLogs.close()
        }
        try startAgents(hub: hub, environment: security.spawnEnvironment)

        let targets = experiment.clusters.compactMap { cluster in
            deployment.clusters.first { $0.name == cluster.name }.map {
                ShardPlanner.Endpoint(cluster: cluster.name, url: $0.targetURL)
            }
        }
        let phases = ShardPlanner(experiment: experiment).plan(targets: targets, capacities: capacities(hub))
        guard !hub.liveAgents.isEmpty else { throw RunError(noAgentLeft(hub)) }
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

    /// Runs one phase: SHARD → READY on every agent (re-planned over the survivors while an agent is lost before
    /// the start), one START for all, then reports until every shard's final one is in or the phase's deadline
    /// passes. SHARD, START and STOP are sent again until answered; every accepted report is acknowledged.
    func runPhase(_ planned: ShardPlanner.Phase, number: Int, of total: Int, hub: AgentHub) throws {
        var epoch = planned.shards.values.map(\.epoch).max() ?? 1
        // Planned for the agents alive at the start; agents lost since then leave no hole in the plan.
        var phase = ShardPlanner(experiment: experiment).phase(
            number: number, targets: planned.endpoints, capacities: capacities(hub), epoch: epoch)
        var shards = try assign(phase, hub: hub)
        hub.probeClocks(shards.map(\.agent))
        let loads = phase.clusters.map { "\($0) (\(workloads[$0]!.summary))" }
        Console.progress("phase \(number)/\(total): \(loads.joined(separator: ", ")) over \(shards.count) agents")
        let resend = UInt64(experiment.agents.heartbeatInterval.wholeNanoseconds)
        // Every READY, then (for at most a second more) the bursts of clock probes that START's instant relies on.
        var allReadyAt: UInt64?
        while allReadyAt.map({ !hub.clocksSettled(shards.map(\.agent)) && MonotonicClock.now() - $0 < 1_000_000_000 })
            ?? true
        {
            try checkCancelled()
            var replan = false
            for event in try hub.pump(timeout: .milliseconds(50)) + reapExitedAgents(hub: hub) {
                switch event {
                case .ready(let agent, let ref):
                    if let index = shards.firstIndex(where: { $0.agent == agent && $0.ref == ref }) {
                        shards[index].ready = true
                    }
                case .failed(let agent, let failure) where shards.contains { $0.agent == agent }:
                    let name = hub.agents[agent].hello.name
                    Console.progress("  agent \(name) could not prepare shard \(failure.shardID): \(failure.reason)")
                    hub.markLost(agent, reason: "could not prepare shard \(failure.shardID): \(failure.reason)")
                    hub.send(.shutdown, to: agent)
                    replan = true
                case .lost(let agent) where shards.contains { $0.agent == agent }:
                    replan = true
                default: break
                }
            }
            if replan {
                // Nothing has started: plan the whole phase again over the agents that are left, under a new epoch.
                for shard in shards where !hub.agents[shard.agent].lost { hub.send(.stop(shard.ref), to: shard.agent) }
                epoch += 1
                guard !hub.liveAgents.isEmpty else { throw RunError(noAgentLeft(hub)) }
                phase = ShardPlanner(experiment: experiment).phase(
                    number: number, targets: phase.endpoints, capacities: capacities(hub), epoch: epoch)
                shards = try assign(phase, hub: hub)
                allReadyAt = nil
                Console.progress("  re-planned phase \(number) over \(shards.count) agents (epoch \(epoch))")
                continue
            }
            let now = MonotonicClock.now()
            for index in shards.indices where !shards[index].ready && now &- shards[index].lastSent >= resend {
                hub.send(.shard(shards[index].shard), to: shards[index].agent)
                shards[index].lastSent = now
            }
            if allReadyAt == nil, !shards.contains(where: { !$0.ready }) { allReadyAt = now }
        }
        try runStarted(&shards, phase: phase, number: number, epoch: epoch, hub: hub)
    }

    /// The phase's shards on the live agents: plan index k goes to the k-th live agent; each SHARD is sent.
    private func assign(_ phase: ShardPlanner.Phase, hub: AgentHub) throws -> [ShardProgress] {
        let live = hub.liveAgents
        var shards: [ShardProgress] = []
        for (index, shard) in phase.shards.sorted(by: { $0.key < $1.key }) {
            guard live.indices.contains(index) else { throw RunError(noAgentLeft(hub)) }
            var progress = ShardProgress(shard: shard, agent: live[index])
            let engine = (shard.engine ?? .auto).resolved(for: shard.targets.map(\.url))
            for target in shard.targets { engines[target.cluster, default: []].insert(engine.rawValue) }
            hub.send(.shard(shard), to: progress.agent)
            progress.lastSent = MonotonicClock.now()
            shards.append(progress)
        }
        return shards
    }

    /// The cores of the live agents, in plan order: what the plans are weighed by.
    func capacities(_ hub: AgentHub) -> [Int] {
        hub.liveAgents.map { hub.agents[$0].hello.cores }
    }

    func noAgentLeft(_ hub: AgentHub) -> String {
        let lost = hub.agents.filter(\.lost).map { "\($0.hello.name) (\($0.lostReason ?? "lost"))" }
        return "no agent is left to run the load; lost: \(lost.joined(separator: ", "))"
    }

    /// START for every shard (sent again until STARTED or a report answers it), then reports until every final
    /// report is in, the run is cancelled or the phase's deadline passes. An agent lost meanwhile has its shard
    /// closed and what it still had to do re-planned over the live agents under a new epoch (RunSession+LostAgents);
    /// those shards go SHARD → READY → START on their own while the others run.
    private func runStarted(
        _ shards: inout [ShardProgress], phase: ShardPlanner.Phase, number: Int, epoch: Int, hub: AgentHub
    ) throws {
        var epoch = epoch
        let requested = phase.requestsPerCluster
        let healthAtStart = engineHealth
        busiestStretches = [:]
        let resend = UInt64(experiment.agents.heartbeatInterval.wholeNanoseconds)
        let sent = MonotonicClock.now()
        let phaseStart = sent + startLead(hub, agents: shards.map(\.agent))
        var deadline = phaseStart + phaseTimeout(shards)
        for index in shards.indices {
            shards[index].startAt = phaseStart
            hub.send(.start(startOrder(shards[index], hub: hub)), to: shards[index].agent)
            shards[index].lastSent = sent
            starts.planned(shards[index], phase: number, initial: true)
        }
        var lastProgress = sent
        var stopDeadline: UInt64?
        var stopReason: String?
        while shards.contains(where: { !$0.finished }) {
            let now = MonotonicClock.now()
            if stopDeadline == nil && (cancellation.isCancelled || now > deadline) {
                if !cancellation.isCancelled {
                    let late = shards.filter { !$0.finished }.map { hub.agents[$0.agent].hello.name }.sorted()
                    stopReason = "phase \(number) passed its deadline of \(Self.seconds(deadline - phaseStart)) "
                        + "without the final reports of \(late.joined(separator: ", "))"
                    Console.progress("  \(stopReason!); stopping it")
                }
                stopDeadline = now + 5_000_000_000
                for index in shards.indices { shards[index].lastSent = 0 }
            }
            if let stopDeadline, now > stopDeadline { break }
            for index in shards.indices where !shards[index].finished && now &- shards[index].lastSent >= resend {
                if stopDeadline == nil, shards[index].ready, !shards[index].started, shards[index].startAt == nil {
                    // A re-planned shard: it begins on its own, as soon as its START can arrive.
                    shards[index].startAt = now + startLead(hub, agents: [shards[index].agent])
                    starts.planned(shards[index], phase: number, initial: false)
                }
                let shard = shards[index]
                let message: WireMessage? =
                    stopDeadline != nil ? .stop(shard.ref)
                    : !shard.ready ? .shard(shard.shard) : shard.started ? nil : .start(startOrder(shard, hub: hub))
                if let message { hub.send(message, to: shard.agent) }
                shards[index].lastSent = now
            }
            for event in try hub.pump(timeout: .milliseconds(100)) + reapExitedAgents(hub: hub) {
                switch event {
                case .ready(let agent, let ref):
                    if let index = shards.firstIndex(where: { $0.agent == agent && $0.ref == ref && !$0.ready }) {
                        shards[index].ready = true
                        shards[index].lastSent = 0
                    }
                case .started(let agent, let ref):
                    if let index = shards.firstIndex(where: { $0.agent == agent && $0.ref == ref }) {
                        shards[index].started = true
                    }
                case .report(let agent, let report):
                    receive(report, from: agent, shards: &shards, phaseStart: phaseStart, hub: hub)
                case .failed(let agent, let failure) where shards.contains { $0.agent == agent && !$0.finished }:
                    let name = hub.agents[agent].hello.name
                    Console.progress("  agent \(name) could not prepare shard \(failure.shardID): \(failure.reason)")
                    hub.markLost(agent, reason: "could not prepare shard \(failure.shardID): \(failure.reason)")
                    hub.send(.shutdown, to: agent)
                    let added = try replanLost(agent, shards: &shards, epoch: &epoch, number: number, hub: hub)
                    deadline = max(deadline, MonotonicClock.now() + phaseTimeout(added))
                case .lost(let agent):
                    let added = try replanLost(agent, shards: &shards, epoch: &epoch, number: number, hub: hub)
                    deadline = max(deadline, MonotonicClock.now() + phaseTimeout(added))
                default: break
                }
            }
            // A terminal's status block is redrawn every second; a log gets plain lines every two.
            if now - lastProgress >= (ProgressBoard.isTerminal ? 1_000_000_000 : 2_000_000_000) {
                lastProgress = now
                ProgressBoard.show(phase.clusters.map { "  " + progressLine($0, requested: requested[$0], since: phaseStart) })
            }
        }
        try checkCancelled()
        if let stopReason { throw RunError(stopReason) }
        for cluster in phase.clusters {
            Console.progress("  " + progressLine(cluster, requested: requested[cluster], since: phaseStart, final: true))
            if let note = capNote(cluster) { Console.progress("  " + note) }
        }
        // An agent whose clock runs ahead can finish a tiny shard before the coordinator's instant: never below 0.
        let phaseLength = max(MonotonicClock.now(), phaseStart) - phaseStart
        noteEngineHealth(since: healthAtStart, over: phaseLength, shards: shards, hub: hub)
    }

    /// Says how many of an open cluster's late sends waited for a free slot (the servers held them back, not the load
    /// generator); nil when none did.
    func capNote(_ cluster: String) -> String? {
        guard let tally = tallies[cluster], tally.lateAtCap > 0, case .open(let open) = workloads[cluster] else { return nil }
        return "\(cluster): \(tally.lateAtCap) of its \(tally.late) late sends waited for a free slot (maxInFlight "
            + "\(open.maxInFlight) in flight): the servers were slow to answer, not the load generator to send"
    }

    /// Says which agents' engines fell behind their own clock in the phase, or were near the limit of their cores
    /// (`EngineHealthSummary.phaseNotes`).
    private func noteEngineHealth(
        since start: [Int: EngineHealth], over nanoseconds: UInt64, shards: [ShardProgress], hub: AgentHub
    ) {
        for agent in Set(shards.map(\.agent)).sorted() {
            guard let total = engineHealth[agent] else { continue }
            let phase = total.since(start[agent] ?? EngineHealth())
            let busiest = shards.filter { $0.agent == agent }.compactMap { busiestStretches[$0.ref.shardID] }
                .reduce(nil) { BusiestStretch.busier($0, $1) }
            let notes = EngineHealthSummary.phaseNotes(
                phase, nanoseconds: nanoseconds, cores: hub.agents[agent].hello.cores, busiest: busiest)
            for note in notes {
                Console.progress("  agent \(hub.agents[agent].hello.name): \(note)")
            }
        }
    }

    /// Counts a report if it is the shard's next one, and acknowledges what has been counted.
    private func receive(
        _ report: ReceivedReport, from agent: Int, shards: inout [ShardProgress], phaseStart: UInt64, hub: AgentHub
    ) {
        let header = report.header
        guard let index = shards.firstIndex(where: { $0.agent == agent && $0.ref.shardID == header.shardID }),
            shards[index].shard.epoch == header.epoch, !shards[index].lost
        else {
            hub.noteDropped(.stale, "REPORT \(header.shardID) epoch \(header.epoch) from \(hub.agents[agent].hello.name)")
            return
        }
        shards[index].started = true
        switch shards[index].judge(report) {
        case .accept:
            let clock = hub.agents[agent].clock.offset
            if header.sequence == 0 { starts.began(header.shardID, at: clock.coordinatorTime(header.startedAtNanoseconds)) }
            absorb(report, shard: shards[index].shard, endedAt: clock.coordinatorTime(header.intervalEndNanoseconds))
            if let delays = header.engineHealth {
                engineHealth[agent, default: EngineHealth()].add(delays)
                if let cpu = delays.cpuNanoseconds {
                    busiestStretches[header.shardID, default: BusiestStretch()]
                        .add(cpuNanoseconds: cpu, intervalNanoseconds: header.intervalNanoseconds)
                }
            }
            let targets = shards[index].shard.targets
            for counters in header.targets {
                guard let end = counters.lastEndNanoseconds, targets.indices.contains(counters.target) else { continue }
                let cluster = targets[counters.target].cluster
                let seconds = Double(Int64(clock.coordinatorTime(end)) - Int64(phaseStart)) / 1e9
                lastEnds[cluster] = max(lastEnds[cluster] ?? 0, seconds)
            }
            if header.final {
                let seconds = Double(Int64(MonotonicClock.now()) - Int64(phaseStart)) / 1e9
                for target in targets { finalReports[target.cluster] = max(finalReports[target.cluster] ?? 0, seconds) }
            }
        case .duplicate, .ahead:
            hub.noteDropped(.stale, "REPORT \(header.shardID) #\(header.sequence), expected #\(shards[index].nextSequence)")
        case .outOfRange(let reason):
            hub.noteDropped(.outOfRange, reason)
        }
        let ack = Ack(shardID: header.shardID, epoch: header.epoch, nextSequence: shards[index].nextSequence)
        hub.send(.ack(ack), to: agent)
    }

    /// How long the phase may run: `agents.phaseTimeout` if set, else its longest shard's worst case plus a
    /// margin of ten seconds and three report intervals.
    func phaseTimeout(_ shards: [ShardProgress]) -> UInt64 {
        if let timeout = experiment.agents.phaseTimeout { return UInt64(timeout.wholeNanoseconds) }
        let longest = shards.map(\.shard.longestRunNanoseconds).max() ?? 0
        return longest + 10_000_000_000 + 3 * UInt64(experiment.load.reportInterval.wholeNanoseconds)
    }

    static func seconds(_ nanoseconds: UInt64) -> String {
        String(format: "%.1f s", Double(nanoseconds) / 1e9)
    }

    /// Adds an accepted report to the tallies, the .hlog files and the progress line's bins, placed on the timeline
    /// at `endedAt`: the end of its interval by the agent's clock, less the agent's clock offset (coordinator clock).
    func absorb(_ report: ReceivedReport, shard: ShardAssignment, endedAt: UInt64) {
        let header = report.header
        let sinceStart = endedAt > loadStart ? endedAt - loadStart : 0
        // The progress line's bins go by arrival: "the last interval" is then always one whose reports are in.
        let arrived = MonotonicClock.now() - loadStart
        let bin = Int(arrived / UInt64(max(1, experiment.load.reportInterval.wholeNanoseconds)))
        for (counters, histogram) in zip(header.targets, report.histograms) {
            guard shard.targets.indices.contains(counters.target) else { continue }
            let cluster = shard.targets[counters.target].cluster
            tallies[cluster]?.add(counters, latency: histogram.latency.buckets, service: histogram.service.buckets)
            histogramLogs?.append(
                cluster: cluster, latency: histogram.latency, service: histogram.service,
                endSeconds: Double(sinceStart) / 1e9, lengthSeconds: Double(header.intervalNanoseconds) / 1e9)
            var entry = timelineBins[cluster, default: [:]][bin] ?? (0, LatencyHistogram.latency())
            entry.requests += counters.responses + counters.transportErrors
            entry.histogram.add(histogram.latency.buckets)
            timelineBins[cluster, default: [:]][bin] = entry
            dropOldBins(cluster, before: bin - 2)
        }
    }

    /// The progress line reads only the last complete bin: older ones (a histogram each) are let go, so a long run
    /// does not keep one per interval.
    private func dropOldBins(_ cluster: String, before bin: Int) {
        guard let bins = timelineBins[cluster], bins.count > 3 else { return }
        timelineBins[cluster] = bins.filter { $0.key >= bin }
    }

    /// `cluster1 (flows): 300/600 requests, 0 failed, 199 req/s and p50 1.10 ms, p99 3.10 ms in the last 1s, 2
    /// agents` while the phase runs; at its end (`final`) the rate and percentiles of the whole phase so far. Late and
    /// dropped only for the open model, and no total for a closed load with a duration.
    func progressLine(_ cluster: String, requested: Int?, since start: UInt64, final: Bool = false) -> String {
        let tally = tallies[cluster]!
        let model = workloads[cluster]!.model
        let done = tally.completed + tally.failed
        let count = requested.map { "\(done)/\($0)" } ?? "\(done)"
        let open = model == .open ? ", \(tally.late) late, \(tally.dropped) dropped" : ""
        if final {
            let seconds = max(0.001, Double(Int64(MonotonicClock.now()) - Int64(start)) / 1e9)
            return "\(cluster) (\(model.rawValue)): \(count) requests, \(tally.failed) failed\(open), "
                + String(
                    format: "%.0f req/s, p50 %.2f ms, p99 %.2f ms over the phase", Double(done) / seconds,
                    Double(tally.histogram.valueAtPercentile(50)) / 1e6, Double(tally.histogram.valueAtPercentile(99)) / 1e6)
        }
        // The last complete report interval, not the average since the start: a flow's pause shows as 0 req/s.
        let interval = UInt64(max(1, experiment.load.reportInterval.wholeNanoseconds))
        let elapsed = MonotonicClock.now() &- loadStart
        let last = Int(elapsed / interval) - 1
        // A bin can exist with nothing in it (a report of an empty interval landed there): no responses either.
        let recent = last >= 0 ? timelineBins[cluster]?[last].flatMap { $0.requests > 0 ? $0 : nil } : nil
        let rate = Double(recent?.requests ?? 0) / (Double(interval) / 1e9)
        let percentiles = recent.map { entry in
            String(
                format: "p50 %.2f ms, p99 %.2f ms", Double(entry.histogram.valueAtPercentile(50)) / 1e6,
                Double(entry.histogram.valueAtPercentile(99)) / 1e6)
        } ?? "no responses"
        let agents = hub.map { ", \($0.liveAgents.count) agents" } ?? ""
        return "\(cluster) (\(model.rawValue)): \(count) requests, \(tally.failed) failed\(open), "
            + String(format: "%.0f req/s", rate) + " and \(percentiles) in the last \(experiment.load.reportInterval.configText)"
            + agents
    }
}
