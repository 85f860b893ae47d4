import BenchConfig
import ChildProcesses
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension LocalProvider {
    /// Starts instance `id`'s gunicorn; returns its pid.
    func startInstance(
        id: String,
        port: Int,
        profile: LocalSizing,
        journal: ProcessJournal
    ) throws(ProviderError) -> Int32 {
        let arguments =
            [
                "--bind", "127.0.0.1:\(port)",
                "--workers", "\(profile.workers)",
                "--threads", "\(profile.threads)",
                "--graceful-timeout", "3",
                "--chdir", appDirectory,
            ] + (options.extraGunicornArguments[id] ?? []) + ["app:app"]
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                gunicornPath,
                arguments: arguments,
                environment: ["INSTANCE_ID": id, "PYTHONUNBUFFERED": "1"],
                workingDirectory: appDirectory,
                outputFile: logPath(of: id)
            )
        } catch {
            throw .provisionFailed("instance \(id): \(error)")
        }
        state.withLock { $0.instances.append((id, process)) }
        try record(process, in: journal)
        return process.pid
    }

    func startLoadBalancer(statsSocket: String, journal: ProcessJournal, port: Int) throws(ProviderError) {
        context.log("starting haproxy on 127.0.0.1:\(port) (config \(haproxyConfigPath))")
        unlink(statsSocket)
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                options.haproxyExecutable,
                arguments: ["-f", haproxyConfigPath, "-db"],
                workingDirectory: context.runDirectory,
                outputFile: logPath(of: "haproxy")
            )
        } catch {
            throw .provisionFailed("load balancer: \(error)")
        }
        state.withLock {
            $0.haproxy = process
            $0.statsSocket = statsSocket
        }
        try record(process, in: journal)

        // Ready once the stats socket answers; a config error makes haproxy exit at once instead.
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.loadBalancerStartTimeout)
        while (try? UnixSocketClient.request(path: statsSocket, command: "show info")) == nil {
            if let termination = process.termination {
                throw .provisionFailed(
                    "haproxy \(termination) at start\(logTailSuffix(logPath(of: "haproxy")))"
                )
            }
            try checkCancelled("starting haproxy")
            guard clock.now < deadline else {
                throw .provisionFailed(
                    "haproxy's stats socket \(statsSocket) did not answer within \(options.loadBalancerStartTimeout)"
                        + logTailSuffix(logPath(of: "haproxy"))
                )
            }
            Self.pause()
        }
    }

    func record(_ process: ChildProcess, in journal: ProcessJournal) throws(ProviderError) {
        do {
            try journal.record(process)
        } catch {
            throw .provisionFailed("\(error)")
        }
    }

    /// `<runDirectory>/haproxy.sock`, unless that is too long for a Unix socket address (108 bytes); then a
    /// short path in /tmp named after the run.
    func statsSocketPath() -> String {
        let preferred = context.runDirectory + "/haproxy.sock"
        if preferred.utf8.count < 100 { return preferred }
        let safeID = String(
            context.runID.unicodeScalars.filter {
                $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-"
            }.prefix(40).map(Character.init)
        )
        return "/tmp/clusterbench-\(safeID)-\(getpid())-haproxy.sock"
    }

    // MARK: Helpers

    func checkCancelled(_ activity: String) throws(ProviderError) {
        if context.isCancelled() { throw .cancelled(activity) }
    }

    static func pause() {
        usleep(100_000)
    }

    /// "; last log lines of PATH: a | b | c" from the last 5 non-empty lines of `path`, or "" if there are none.
    func logTailSuffix(_ path: String, lines count: Int = 5) -> String {
        let lines = LogTail.lastLines(of: path, count: count)
        guard !lines.isEmpty else { return "" }
        return "; last log lines of \(path): " + lines.joined(separator: " | ")
    }

    func makeDirectory(_ path: String) throws(ProviderError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw .provisionFailed("cannot create \(path): \(systemError())")
        }
    }

    func writeFile(_ path: String, _ text: String) throws(ProviderError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .provisionFailed("cannot write \(path): \(systemError())") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .provisionFailed("cannot write \(path): \(systemError())")
            }
            written += count
        }
    }
}
