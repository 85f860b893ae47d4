import Foundation

/// An access key pair, with the session token of temporary credentials, and where it was found.
///
/// Its `description` shows the key id and the source but never the secret or the token, so a value can be logged or
/// put in an error safely.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// `AKIA...` or `ASIA...`: public, names the key.
    public var accessKeyId: String
    /// The secret that signs requests; never printed.
    public var secretAccessKey: String
    /// The token of temporary credentials (`x-amz-security-token`); never printed.
    public var sessionToken: String?
    /// Where the chain found them: `environment`, `profile default in /root/.aws/credentials`, `instance metadata`.
    public var source: String
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?
    /// Where fresh ones come from before `expiration` (the instance metadata service); nil when they cannot be
    /// renewed.
    public var renewal: InstanceMetadata?

    /// Credentials from `source` (for messages only).
    public init(
        accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "given",
        expiration: Date? = nil, renewal: InstanceMetadata? = nil
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
        self.expiration = expiration
        self.renewal = renewal
    }

    /// `AKIDEXAMPLE (secret redacted, session token redacted) from environment`.
    public var description: String {
        let token = sessionToken == nil ? "" : ", session token redacted"
        return "\(accessKeyId) (secret redacted\(token)) from \(source)"
    }

    /// The same as `description`: the secret stays out of debug output too.
    public var debugDescription: String { description }
}
