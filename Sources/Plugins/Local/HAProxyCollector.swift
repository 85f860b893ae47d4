import BalancerMetrics

#if canImport(Glibc)
import Glibc
#endif

/// The `haproxy` collector: CloudWatch's load-balancer series from HAProxy's per-request log (the local provider's
/// `log-format`, see `HAProxyLogLine`) and the health states its `HealthPoller` sampled.
struct HAProxyCollector: MetricsCollector {
    /// "haproxy".
    let source = "haproxy"
    /// HAProxy's log file (its stdout and stderr).
    let logPath: String
    /// HAProxy's admin socket, read to know how many requests the log must hold.
    let statsSocket: String
    /// The health sampler of the same HAProxy.
    let health: HealthPoller
    /// How long to wait for HAProxy to finish writing the lines of requests it already counted.
    var catchUpTimeout: Duration = .seconds(2)

    /// Reads the log (after waiting, up to `catchUpTimeout`, until it holds a line for every request HAProxy's
    /// stats count per cluster) and builds the series of `window`.
    func collect(_ window: MetricsWindow, clusters: [DeployedCluster]) throws(ProviderError) -> [MetricSeries] {
        // HAProxy's stats can lag the agents by a request still ending; what the agents were answered is a floor.
        let expected = try countedRequests(clusters).merging(window.answeredRequests.filter { name, _ in
            clusters.contains { $0.name == name }
        }) { max($0, $1) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: catchUpTimeout)
        var lines = try readLines()
        while clock.now < deadline, !isComplete(lines, expected) {
            usleep(50_000)
            lines = try readLines()
        }
        return SeriesBuilder(window: window).series(
            records: lines.map(\.record), health: health.health, clusters: clusters)
    }

    /// The parsed request lines of the log, in order.
    func readLines() throws(ProviderError) -> [HAProxyLogLine] {
        guard let text = Self.readFile(logPath) else {
            throw .metricsUnavailable("cannot read haproxy's log \(logPath): \(systemError())")
        }
        return text.split(whereSeparator: \.isNewline).compactMap { HAProxyLogLine($0) }
    }

    private func isComplete(_ lines: [HAProxyLogLine], _ expected: [String: Int]) -> Bool {
        var logged: [String: Int] = [:]
        for line in lines { logged[line.backend, default: 0] += 1 }
        return expected.allSatisfy { logged[$0.key, default: 0] >= $0.value }
    }

    /// Requests HAProxy's stats count per cluster backend: the backend's `req_tot`, or its servers' sum if larger.
    private func countedRequests(_ clusters: [DeployedCluster]) throws(ProviderError) -> [String: Int] {
        let stats: HAProxyStats
        do {
            stats = try HAProxyStats(csv: try UnixSocketClient.request(path: statsSocket, command: "show stat"))
        } catch {
            throw .metricsUnavailable("cannot read haproxy stats from \(statsSocket): \(error)")
        }
        var counts: [String: Int] = [:]
        for cluster in clusters {
            // The backend counts a request when its stream ends, its servers when they are connected to: the larger
            // is the number of lines to wait for (a redispatched request counts on two servers: the wait then ends
            // at `catchUpTimeout`).
            let servers = stats.servers(of: cluster.name).reduce(0) { $0 + $1.requestCount }
            counts[cluster.name] = max(stats.backend(cluster.name)?.requestTotal ?? 0, servers)
        }
        return counts
    }

    /// The whole file as text, or nil if it cannot be read.
    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
