import ChildProcesses
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension LocalProvider {
    /// The `haproxy` collector of this provider's HAProxy, while it is provisioned.
    public var metricsCollector: (any MetricsCollector)? {
        let (socket, poller) = state.withLock { ($0.statsSocket, $0.healthPoller) }
        guard let socket, let poller else { return nil }
        return HAProxyCollector(logPath: haproxyLogPath, statsSocket: socket, health: poller)
    }

    /// Kills (SIGKILL), pauses (SIGSTOP) or resumes (SIGCONT) the gunicorn process group of `instance`. HAProxy's
    /// health checks then mark it down within about two check intervals (600 ms).
    public func inject(_ action: FaultAction, into instance: String) throws(ProviderError) {
        let process = state.withLock { state -> ChildProcess? in
            guard let process = state.instances.first(where: { $0.id == instance })?.process else { return nil }
            switch action {
            case .kill:
                state.killed.insert(instance)
                state.paused.remove(instance)
            case .pause: state.paused.insert(instance)
            case .resume: state.paused.remove(instance)
            }
            return process
        }
        guard let process else {
            throw .invalidConfig("no instance \(instance) is running in run \(context.runID)")
        }
        let signal: Int32 =
            switch action {
            case .kill: SIGKILL
            case .pause: SIGSTOP
            case .resume: SIGCONT
            }
        guard process.signalGroup(signal) else {
            throw .unhealthy("instance \(instance) has already exited; cannot \(action.rawValue) it")
        }
    }
}
