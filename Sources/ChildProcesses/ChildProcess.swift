import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A process this program started and owns, in a process group of its own.
///
/// Every child leads a new process group (its pid is also its group id), for two reasons: Ctrl-C in the terminal
/// reaches only the coordinator's group, so the coordinator decides how its children stop; and signalling the
/// group reaches the child's own children too (gunicorn's workers), so `terminate` leaves nothing behind.
///
/// Every wait is bounded: a pool thread calling into this type never blocks forever. A `ChildProcess` that is
/// dropped without `terminate` keeps running; whoever spawns one journals it (`ProcessJournal`) and stops it.
public final class ChildProcess: Sendable {
    /// The child's process id, which is also its process-group id.
    public let pid: Int32
    /// The command as started: the resolved executable path, then the arguments.
    public let command: [String]
    /// When the child was started.
    public let started: Date
    /// Where its stdout and stderr go (appended), or nil for /dev/null.
    public let outputFile: String?

    /// What `waitpid` and `terminate` found out, guarded by this `Mutex` (the only mutable state of the class).
    private let state: Mutex<State>

    private struct State {
        /// The leader's status once reaped.
        var termination: Termination?
        /// Set once the leader is reaped and no member of the group runs any more: from then on the group id may
        /// be reused by the system, so it must never be signalled again.
        var groupGone = false
        /// What `terminate` returned, so later calls return the same.
        var terminated: Termination?
    }

    private init(pid: Int32, command: [String], started: Date, outputFile: String?) {
        self.pid = pid
        self.command = command
        self.started = started
        self.outputFile = outputFile
        self.state = Mutex(State())
    }

    /// Starts `executable` with `arguments` in a new process group.
    ///
    /// - Parameters:
    ///   - executable: a path, or a name without "/" that is looked up in `PATH` (the child's, if `environment`
    ///     sets one).
    ///   - arguments: the arguments after the executable.
    ///   - environment: variables added to (or replacing those of) this process's environment.
    ///   - workingDirectory: the child's current directory; nil keeps this process's.
    ///   - outputFile: stdout and stderr are appended to this file (created if missing); nil sends them to
    ///     /dev/null. Stdin is always /dev/null.
    /// - Throws: `ChildProcessError` naming the executable and what failed.
    public static func spawn(
        _ executable: String,
        arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        outputFile: String? = nil
    ) throws(ChildProcessError) -> ChildProcess {
        let environmentLines = Spawn.environment(adding: environment)
        let path = try Spawn.resolve(executable, path: Spawn.lookup("PATH", in: environmentLines))
        if let workingDirectory {
            var info = stat()
            guard stat(workingDirectory, &info) == 0 else {
                throw .system(executable, errno, context: "working directory \(workingDirectory)")
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw .system(executable, ENOTDIR, context: "working directory \(workingDirectory)")
            }
        }

        let input = try Spawn.openInput(executable: executable)
        defer { close(input) }
        let output = try Spawn.openOutput(outputFile, executable: executable)
        defer { close(output) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        if let workingDirectory {
            guard let addChdir = Spawn.addChdir else {
                throw ChildProcessError(
                    executable: executable,
                    reason: "this C library cannot set a working directory for posix_spawn"
                )
            }
            let result = addChdir(&actions, workingDirectory)
            guard result == 0 else { throw .system(executable, result, context: "working directory") }
        }
        // Descriptors that someone opened without close-on-exec (a ZeroMQ or listening socket) stay ours.
        _ = Spawn.addCloseFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new group (pgid 0: the child's own pid); no blocked signals; default handling for every signal, since
        // a signal this process ignores (SIGINT, SIGTERM under a signal-handling runtime) would stay ignored in
        // the child and make `terminate` wait for the grace period and SIGKILL.
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        )
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)

        let command = [path] + arguments
        var pid: pid_t = 0
        let result = Spawn.withCStrings(command) { argv in
            Spawn.withCStrings(environmentLines) { envp in
                posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else { throw .system(executable, result) }
        return ChildProcess(pid: pid, command: command, started: Date(), outputFile: outputFile)
    }

    /// Whether the child (the group leader) is still running; reaps it, without blocking, if it has exited.
    public var isRunning: Bool { reap() == nil }

    /// How the child ended, if it has (reaping it without blocking); nil while it runs.
    public var termination: Termination? { reap() }

    /// Waits up to `timeout` for the child to exit by itself; its termination, or nil if it still runs.
    public func waitForExit(timeout: Duration) -> Termination? {
        _ = Poll.until(timeout: timeout) { reap() != nil }
        return reap()
    }

    /// Sends `signal` to every process of the child's group; false if the group is gone.
    @discardableResult
    public func signalGroup(_ signal: Int32) -> Bool {
        guard !groupIsGone() else { return false }
        return ProcessGroup.signal(pid, signal)
    }

    /// Stops the child and everything in its process group: SIGTERM to the group, up to `grace` for all of it to
    /// exit, then SIGKILL to the group. Reaps the child. Idempotent: later calls return the same termination
    /// without signalling anything.
    ///
    /// On return no process of the group runs (unless the kernel took more than a further 5 s to carry out the
    /// SIGKILL, which only a process stuck in uninterruptible I/O does).
    @discardableResult
    public func terminate(grace: Duration = .seconds(5)) -> Termination {
        if let done = state.withLock({ $0.terminated }) { return done }
        if !groupIsGone() {
            signalGroup(SIGTERM)
            if !Poll.until(timeout: grace, groupIsGone) {
                signalGroup(SIGKILL)
                _ = Poll.until(timeout: .seconds(5), groupIsGone)
            }
        }
        // The leader is reaped by now unless SIGKILL itself was not carried out in time.
        let termination = reap() ?? .signaled(SIGKILL)
        return state.withLock { state in
            if state.terminated == nil { state.terminated = termination }
            return state.terminated!
        }
    }

    /// True once the leader is reaped and no member of its group runs; remembered, because after that the group
    /// id may be reused by an unrelated process.
    private func groupIsGone() -> Bool {
        if state.withLock({ $0.groupGone }) { return true }
        guard reap() != nil, !ProcessGroup.hasLiveMembers(pid) else { return false }
        state.withLock { $0.groupGone = true }
        return true
    }

    /// Reaps the leader without blocking if it has exited; its termination, or nil while it runs.
    private func reap() -> Termination? {
        state.withLock { state in
            if let termination = state.termination { return termination }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                state.termination = Termination(waitStatus: status)
            } else if result < 0 && errno == ECHILD && kill(pid, 0) != 0 && errno == ESRCH {
                // Reaped by someone else (SIGCHLD set to SIG_IGN reaps automatically): gone, status unknown.
                state.termination = .exited(-1)
            }
            return state.termination
        }
    }
}
