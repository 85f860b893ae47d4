/// A config that cannot be used, with what a person needs to fix it: the file, the JSON path and what was expected
/// and found.
///
/// `description` is always one line, `"<file>: <path>: <message>"`, or `"<file>: <message>"` for problems with
/// the file as a whole (cannot be read, not JSON). Commands print it as is and exit with code 2.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The config file as the user named it.
    public var file: String
    /// JSON path of the offending value (`$.clusters[1].count`), or empty for file-level errors.
    public var path: String
    /// What was expected and what was found, without file or path.
    public var message: String

    /// An error at `path` (empty for the whole file) in `file`.
    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// The one-line form shown to people.
    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}
