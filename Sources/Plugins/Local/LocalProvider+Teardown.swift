import BenchConfig
import ChildProcesses
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension LocalProvider {
    // MARK: Teardown

    /// After a killed coordinator: removes the cgroups the run made (listed in its `cgroups.txt`). Its gunicorn and
    /// HAProxy processes are in the run's process journal, which `coordinator teardown` stops before calling this.
    public static func teardownLeftovers(runDirectory: String, log: (String) -> Void) {
        let cgroups = CgroupJournal(runDirectory: runDirectory).removeAll()
        for folder in cgroups.removed { log("removed cgroup \(folder)") }
        for (folder, reason) in cgroups.failed { log("could not remove cgroup \(folder): \(reason)") }
    }

    /// Stops HAProxy, then every gunicorn instance (SIGTERM to each process group, SIGKILL after the grace).
    /// Idempotent, never throws; after it the provider can provision again.
    public func teardown() {
        let (haproxy, instances, socket, cgroups, poller, paused, killed) = state.withLock { state in
            let taken = (
                state.haproxy, state.instances, state.statsSocket, state.cgroups, state.healthPoller, state.paused,
                state.killed
            )
            state = State()
            return taken
        }
        poller?.stop()
        defer { if let cgroups { removeCgroups(cgroups) } }
        guard haproxy != nil || !instances.isEmpty else { return }
        context.log(
            "stopping \(haproxy == nil ? "" : "haproxy and ")\(instances.count) gunicorn instance"
                + (instances.count == 1 ? "" : "s")
        )
        if let haproxy {
            let termination = haproxy.terminate(grace: options.stopGrace)
            if termination != .signaled(SIGTERM) && termination != .exited(0) {
                context.log("haproxy \(termination)")
            }
        }
        // Signal every group first so they stop side by side (a paused one is resumed to hear it), then wait.
        for (id, process) in instances {
            process.signalGroup(SIGTERM)
            if paused.contains(id) { process.signalGroup(SIGCONT) }
        }
        for (id, process) in instances {
            let termination = process.terminate(grace: options.stopGrace)
            if termination == .signaled(SIGKILL) && !killed.contains(id) {
                context.log("instance \(id) had to be killed (SIGKILL)")
            }
        }
        if let socket { unlink(socket) }
    }
}
