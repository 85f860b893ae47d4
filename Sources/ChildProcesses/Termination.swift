#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended: the status `waitpid` reported once it was reaped.
public enum Termination: Sendable, Equatable, Hashable {
    /// The process called `exit` (or returned from `main`) with this status (0-255).
    case exited(Int32)
    /// The process was killed by this signal (`SIGTERM`, `SIGKILL`, ...).
    case signaled(Int32)

    /// Decodes a raw `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros are not importable into Swift).
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }

    /// Whether the process exited with status 0.
    public var isSuccess: Bool { self == .exited(0) }
}

extension Termination: CustomStringConvertible {
    /// "exited with status 3", "killed by signal 15 (SIGTERM)".
    public var description: String {
        switch self {
        case .exited(let status):
            return "exited with status \(status)"
        case .signaled(let signal):
            return "killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")"
        }
    }

    /// The conventional name of the signals a person is likely to meet here.
    static func signalName(_ signal: Int32) -> String? {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGABRT: "SIGABRT"
        case SIGKILL: "SIGKILL"
        case SIGSEGV: "SIGSEGV"
        case SIGPIPE: "SIGPIPE"
        case SIGALRM: "SIGALRM"
        case SIGTERM: "SIGTERM"
        case SIGBUS: "SIGBUS"
        case SIGUSR1: "SIGUSR1"
        case SIGUSR2: "SIGUSR2"
        default: nil
        }
    }
}
