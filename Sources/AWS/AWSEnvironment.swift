import Foundation

/// What the credential chain and the endpoint resolver read from the outside world: variables and the home folder.
///
/// A value, not global state, so a test builds its own instead of changing the process's environment.
public struct AWSEnvironment: Sendable {
    /// Environment variables (`AWS_ACCESS_KEY_ID`, `AWS_PROFILE`, `AWS_REGION`, ...).
    public var variables: [String: String]
    /// The folder that holds `.aws/credentials` and `.aws/config`.
    public var homeDirectory: String

    /// An environment with these variables and home folder.
    public init(variables: [String: String], homeDirectory: String) {
        self.variables = variables
        self.homeDirectory = homeDirectory
    }

    /// This process's environment and `HOME` (or the account's home folder).
    public static func current() -> AWSEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return AWSEnvironment(
            variables: variables,
            homeDirectory: variables["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path)
    }

    /// The variable's value, or nil when it is unset or empty.
    public subscript(name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// The profile the chain reads: `AWS_PROFILE`, else `default`.
    public var profile: String { self["AWS_PROFILE"] ?? "default" }

    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public var credentialsFile: String { expand(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials") }

    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    public var configFile: String { expand(self["AWS_CONFIG_FILE"] ?? "~/.aws/config") }

    /// `path` with a leading `~` replaced by the home folder.
    func expand(_ path: String) -> String {
        path == "~" || path.hasPrefix("~/") ? homeDirectory + path.dropFirst() : path
    }
}
