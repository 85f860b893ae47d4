import BenchConfig

#if canImport(Glibc)
import Glibc
#endif

extension LocalProvider {
    /// Takes over the HAProxy and gunicorn processes that `coordinator provision` left running for the run folder
    /// `runDirectory`: its stats socket (from its haproxy.cfg) and its per-request log, with HAProxy's counters as
    /// they are now as the baseline, so that counts and series cover this run only. The processes stay the
    /// provisioning run's: `coordinator teardown` of that folder stops them.
    public func attach(
        _ deployment: Deployment, runDirectory: String, config: ExperimentConfig
    ) throws(ProviderError) {
        let configPath = runDirectory + "/haproxy.cfg"
        guard let text = try? String(contentsOfFile: configPath, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.contains("stats socket ") }),
            let socket = line.split(separator: " ").drop(while: { $0 != "socket" }).dropFirst().first
        else {
            throw .provisionFailed("\(configPath): no HAProxy stats socket to take over; was it made by the local provider?")
        }
        guard (try? UnixSocketClient.request(path: String(socket), command: "show info")) != nil else {
            throw .unhealthy(
                "the HAProxy of \(runDirectory) does not answer on \(socket); is it still up? (coordinator provision "
                    + "leaves it up until coordinator teardown)")
        }
        state.withLock { state in
            state.statsSocket = String(socket)
            state.deployment = deployment
            state.attachedRun = runDirectory
            state.healthPoller = HealthPoller(statsSocket: String(socket), interval: options.healthPollInterval)
        }
        let baseline = (try? loadBalancerCounts()) ?? [:]
        state.withLock { $0.baseline = baseline }
        context.log("took over the HAProxy and gunicorn processes of \(runDirectory)")
    }

    /// Whether this provider works on processes an earlier run started (`attach`).
    var isAttached: Bool { state.withLock { $0.attachedRun != nil } }

    /// HAProxy's per-request log: this run's, or the provisioning run's after `attach`.
    var haproxyLogPath: String {
        state.withLock { $0.attachedRun }.map { $0 + "/logs/haproxy.log" } ?? logPath(of: "haproxy")
    }

    /// `counts` less the counters HAProxy had when this provider took it over.
    func subtractingBaseline(_ counts: [String: BackendCounts]) -> [String: BackendCounts] {
        let baseline = state.withLock { $0.baseline }
        guard !baseline.isEmpty else { return counts }
        var result = counts
        for (cluster, before) in baseline {
            guard let now = counts[cluster] else { continue }
            var perInstance = now.perInstance
            for (instance, count) in before.perInstance { perInstance[instance, default: 0] -= count }
            result[cluster] = BackendCounts(
                requests: now.requests - before.requests, perInstance: perInstance,
                healthyInstances: now.healthyInstances)
        }
        return result
    }
}
