/// An interval log that could not be written or read: which file, and what went wrong.
public struct IntervalLogError: Error, CustomStringConvertible, Equatable {
    /// The log file.
    public var path: String
    /// What was wrong, in one line (for a read, it starts with the line number).
    public var reason: String

    /// An error about the log at `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The file and the reason, for a person.
    public var description: String { "interval log \(path): \(reason)" }
}
