#if canImport(Glibc)
import Glibc
#endif

/// A child process could not be started: which executable, and what failed, in one line a person can act on
/// ("cannot start haproxy: No such file or directory").
public struct ChildProcessError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The executable as the caller named it (`haproxy`, `/usr/bin/sleep`).
    public var executable: String
    /// What failed, without the executable ("No such file or directory", "cannot open log file /x: ...").
    public var reason: String
    /// The `errno` behind the failure, when there was one.
    public var errno: Int32?

    /// Makes an error for `executable`; `reason` completes "cannot start <executable>: ".
    public init(executable: String, reason: String, errno: Int32? = nil) {
        self.executable = executable
        self.reason = reason
        self.errno = errno
    }

    /// Makes an error from an `errno` value, with `context` (if any) before the system's message.
    static func system(_ executable: String, _ code: Int32, context: String? = nil) -> ChildProcessError {
        let message = String(cString: strerror(code))
        return ChildProcessError(
            executable: executable,
            reason: context.map { "\($0): \(message)" } ?? message,
            errno: code
        )
    }

    /// "cannot start haproxy: No such file or directory".
    public var description: String { "cannot start \(executable): \(reason)" }
}
