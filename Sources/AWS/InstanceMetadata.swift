import BlockingHTTP
import Foundation

/// The EC2 instance metadata service, version 2: a session token from `PUT /latest/api/token`, then the instance
/// role's name and its temporary credentials, each request carrying the token.
///
/// Off EC2 nothing answers at 169.254.169.254, so every request has a short time limit (1 s by default).
public struct InstanceMetadata: Sendable, Equatable {
    /// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else `http://169.254.169.254`.
    public var endpoint: String
    /// The limit of each request (connect included).
    public var timeout: Duration

    /// The service for `environment`.
    public init(environment: AWSEnvironment, timeout: Duration = .seconds(1)) {
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// Why the service gave no credentials, in words for the chain's message.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The reason (`token request: HTTP 403`, `connect: ...`).
        public var description: String
    }

    /// The instance role's credentials, or why there are none.
    public func credentials() -> Result<AWSCredentials, Failure> {
        do throws(Failure) {
            let token = try fetch(
                "PUT", "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")],
                step: "token request")
            let tokenHeader = [(name: "X-aws-ec2-metadata-token", value: token)]
            let roles = try fetch(
                "GET", "/latest/meta-data/iam/security-credentials/", headers: tokenHeader,
                step: "role name")
            guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
                throw Failure(description: "no instance role attached")
            }
            let document = try fetch(
                "GET", "/latest/meta-data/iam/security-credentials/\(role)", headers: tokenHeader, step: "role \(role)")
            guard let fields = try? JSONDecoder().decode(RoleCredentials.self, from: Data(document.utf8)),
                fields.Code == nil || fields.Code == "Success"
            else { throw Failure(description: "role \(role): unreadable credentials document") }
            return .success(
                AWSCredentials(
                    accessKeyId: fields.AccessKeyId, secretAccessKey: fields.SecretAccessKey,
                    sessionToken: fields.Token,
                    source: "instance metadata (role \(role))",
                    expiration: fields.Expiration.flatMap(Timestamp.parse), renewal: self))
        } catch {
            return .failure(error)
        }
    }

    /// One request; its body as text, or a failure naming the step.
    private func fetch(
        _ method: String, _ path: String, headers: [(name: String, value: String)], step: String
    ) throws(Failure) -> String {
        let request = HTTPRequest(
            method: method, url: endpoint + path, headers: headers, timeout: timeout, connectTimeout: timeout,
            maximumBodyBytes: 1 << 20)
        let response: HTTPResponse
        do {
            response = try HTTPClient.send(request)
        } catch {
            throw Failure(description: "\(step): \(error.kind): \(error.message)")
        }
        guard response.status == 200 else { throw Failure(description: "\(step): HTTP \(response.status)") }
        return response.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The role credentials document, as IMDS serves it.
    private struct RoleCredentials: Decodable {
        var Code: String?
        var AccessKeyId: String
        var SecretAccessKey: String
        var Token: String?
        var Expiration: String?
    }
}
