import BenchConfig
import ChildProcesses
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension LocalProvider {
    // MARK: Health

    /// Polls HAProxy's stats every 100 ms until every instance of `deployment` is up with a passing health
    /// check. Fails at once when an instance's gunicorn or HAProxy has exited (it cannot come up any more).
    public func waitUntilHealthy(_ deployment: Deployment, timeout: Duration) throws(ProviderError) {
        let instances = deployment.clusters.flatMap { cluster in cluster.instances.map { (cluster.name, $0.id) } }
        context.log("waiting up to \(timeout.configText) for \(instances.count) instances to pass their health checks")
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: timeout)
        var lastStats: HAProxyStats?
        var lastError: String?
        while true {
            let (haproxy, processes, socket) = state.withLock { state in
                (state.haproxy, Dictionary(state.instances, uniquingKeysWith: { first, _ in first }), state.statsSocket)
            }
            guard haproxy != nil || isAttached, let socket else {
                throw .unhealthy("nothing is provisioned: the load balancer is not running")
            }
            if let termination = haproxy?.termination {
                throw .unhealthy("haproxy \(termination)\(logTailSuffix(logPath(of: "haproxy")))")
            }
            do {
                lastStats = try readStats(socket)
                lastError = nil
            } catch {
                lastError = error.message
            }
            let notHealthy = instances.filter { cluster, id in
                lastStats?.server(id, in: cluster)?.isHealthy != true
            }
            if notHealthy.isEmpty {
                if let lastStats { state.withLock { $0.healthPoller }?.absorb(lastStats) }
                context.log("all \(instances.count) instances are healthy after \(String(format: "%.1f", start.duration(to: clock.now).seconds)) s")
                return
            }
            for (_, id) in notHealthy {
                if let termination = processes[id]?.termination {
                    throw .unhealthy(
                        "instance \(id) is not healthy: gunicorn \(termination)\(logTailSuffix(logPath(of: id)))"
                    )
                }
            }
            try checkCancelled("waiting for instances to become healthy")
            if clock.now >= deadline {
                let first = notHealthy[0]
                let state = lastStats?.server(first.1, in: first.0)?.stateDescription ?? lastError ?? "no stats"
                let names = notHealthy.map(\.1).joined(separator: ", ")
                throw .unhealthy(
                    "instance\(notHealthy.count == 1 ? "" : "s") \(names) did not become healthy within \(timeout) "
                        + "(\(first.1): \(state))\(logTailSuffix(logPath(of: first.1)))"
                )
            }
            Self.pause()
        }
    }

    // MARK: Counts

    /// Reads `show stat` from HAProxy and returns, per cluster: the backend's `req_tot` (HTTP requests from
    /// clients; health checks are not counted; read once it has caught up with its servers' counts, or after 1 s),
    /// each server's `req_tot` (falling back to `stot`), and the number of servers up with a passing check.
    public func loadBalancerCounts() throws(ProviderError) -> [String: BackendCounts] {
        let (socket, deployment) = state.withLock { ($0.statsSocket, $0.deployment) }
        guard let socket, let deployment else {
            throw .metricsUnavailable("the local provider has no load balancer running (not provisioned)")
        }
        // HAProxy counts a request for its server when it connects, for the backend only when the request's stream
        // ends: right after the last response the backend may still lag. Wait (up to 1 s) until it caught up.
        var stats: HAProxyStats
        let deadline = ContinuousClock.now.advanced(by: .seconds(1))
        repeat {
            do {
                stats = try readStats(socket)
            } catch {
                throw .metricsUnavailable(error.message)
            }
            let lagging = deployment.clusters.contains { cluster in
                let servers = stats.servers(of: cluster.name).reduce(0) { $0 + $1.requestCount }
                return (stats.backend(cluster.name)?.requestTotal ?? servers) < servers
            }
            if !lagging || ContinuousClock.now >= deadline { break }
            usleep(20_000)
        } while true
        var counts: [String: BackendCounts] = [:]
        for cluster in deployment.clusters {
            guard let backend = stats.backend(cluster.name) else {
                throw .metricsUnavailable("haproxy's stats have no backend \(cluster.name)")
            }
            let servers = stats.servers(of: cluster.name)
            counts[cluster.name] = BackendCounts(
                requests: backend.requestTotal ?? backend.sessionTotal ?? 0,
                perInstance: Dictionary(servers.map { ($0.service, $0.requestCount) }, uniquingKeysWith: +),
                healthyInstances: servers.filter(\.isHealthy).count
            )
        }
        return subtractingBaseline(counts)
    }

    struct StatsFailure: Error {
        var message: String
    }

    func readStats(_ socket: String) throws(StatsFailure) -> HAProxyStats {
        let answer: String
        do {
            answer = try UnixSocketClient.request(path: socket, command: "show stat")
        } catch {
            throw StatsFailure(message: "cannot read haproxy stats from \(socket): \(error)")
        }
        do {
            return try HAProxyStats(csv: answer)
        } catch {
            throw StatsFailure(message: "cannot parse haproxy stats: \(error)")
        }
    }
}
