import BlockingHTTP
import Foundation

/// Sends signed requests to AWS and turns error responses into `AWSError`, retrying what is worth retrying.
///
/// Speaks the Query protocol (EC2, ELBv2, CloudWatch, IAM, STS) and JSON 1.1 (SSM); the typed clients (`EC2`,
/// `ELBv2`, `CloudWatch`, `SSM`, `IAM`, `STS`) build on it. Calls block the calling thread (they go through
/// `HTTPClient`): make them from a thread of your own, not from the shared concurrency pool.
public struct AWSClient: Sendable {
    /// Region, credentials and endpoints.
    public let configuration: AWSConfiguration
    /// Attempts and backoff.
    public var retry: RetryPolicy
    /// The limit of one HTTP exchange.
    public var timeout: Duration
    /// The time requests are signed at.
    public var now: @Sendable () -> Date
    /// Polled while a request runs and between attempts; true aborts the call.
    public var isCancelled: @Sendable () -> Bool
    /// `configuration.credentials`, renewed before they expire (shared by copies of this client).
    let credentialCache: CredentialCache

    /// A client; by default the standard retry policy and 30 s per exchange.
    public init(
        configuration: AWSConfiguration, retry: RetryPolicy = .standard, timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() },
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) {
        self.configuration = configuration
        self.retry = retry
        self.timeout = timeout
        self.now = now
        self.isCancelled = isCancelled
        credentialCache = CredentialCache(configuration.credentials)
    }

    /// One Query-protocol call: `Action` and `Version` followed by `parameters`, POSTed form-encoded.
    ///
    /// - Returns: the root element of the XML response (`<ActionResponse>`).
    /// - Throws: `AWSError` for an error response, after the last attempt, or for an unreadable response.
    public func query(
        _ service: AWSService, _ action: String, _ parameters: QueryParameters
    ) throws(AWSError) -> XMLTree {
        var fields = QueryParameters(style: parameters.style)
        fields.set("Action", action)
        fields.set("Version", service.apiVersion)
        let body = Array((fields.formBody + (parameters.fields.isEmpty ? "" : "&" + parameters.formBody)).utf8)
        let response = try send(
            service, action,
            headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: body)
        guard let tree = XMLTree.parse(response.body) else {
            throw failure(
                .malformedResponse, service, action, status: response.status,
                "the response is not XML: "
                    + String(response.text.prefix(200)))
        }
        return tree
    }

    /// One JSON 1.1 call (`X-Amz-Target: <targetPrefix>.<operation>`), encoding `input` and decoding the answer.
    public func json<Input: Encodable, Output: Decodable>(
        _ service: AWSService, targetPrefix: String, _ operation: String, _ input: Input, as output: Output.Type
    ) throws(AWSError) -> Output {
        let body: Data
        do { body = try JSONEncoder().encode(input) } catch {
            throw failure(.malformedResponse, service, operation, status: nil, "cannot encode the request: \(error)")
        }
        let response = try send(
            service, operation,
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "X-Amz-Target", value: "\(targetPrefix).\(operation)"),
            ], body: Array(body))
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.body))
        } catch {
            throw failure(
                .malformedResponse, service, operation, status: response.status,
                "unreadable JSON response: \(String(response.text.prefix(200)))")
        }
    }

    /// Signs and sends one POST to `service`'s endpoint, retrying per `retry`; returns a 2xx response.
    func send(
        _ service: AWSService, _ operation: String, headers: [(name: String, value: String)], body: [UInt8]
    ) throws(AWSError) -> HTTPResponse {
        let url = configuration.endpoint(for: service)
        guard let parsed = URLComponents(string: url), let host = parsed.host, !host.isEmpty else {
            throw AWSError(
                kind: .configuration, service: service.endpointPrefix, operation: operation,
                message: "the endpoint \(url) is not a URL")
        }
        let hostHeader = parsed.port.map { "\(host):\($0)" } ?? host
        var attempt = 0
        while true {
            attempt += 1
            if isCancelled() { throw failure(.transport, service, operation, status: nil, "cancelled", attempt - 1) }
            let signer = SigV4Signer(
                credentials: credentialCache.credentials(now: now()),
                region: configuration.signingRegion(for: service), service: service.signingName)
            let signature = signer.sign(
                .init(
                    method: "POST", path: parsed.path.isEmpty ? "/" : parsed.path,
                    headers: [(name: "Host", value: hostHeader)] + headers, body: body),
                at: now())
            let request = HTTPRequest(
                method: "POST", url: parsed.path.isEmpty ? url + "/" : url, headers: signature.headers, body: body,
                timeout: timeout, connectTimeout: min(timeout, .seconds(10)))
            let failure: AWSError
            let retryable: Bool
            do {
                let response = try HTTPClient.send(request, isCancelled: isCancelled)
                if (200..<300).contains(response.status) { return response }
                failure = scrubbed(
                    ErrorResponse.parse(response, service: service, operation: operation, attempts: attempt))
                retryable =
                    response.status >= 500 || response.status == 429 || failure.isThrottling
                    || AWSError.transientCodes.contains(failure.code)
            } catch {
                let kind = error.kind
                retryable = kind == .connect || kind == .timeout || kind == .transport
                failure = self.failure(
                    .transport, service, operation, status: nil, kind == .cancelled ? "cancelled" : error.description,
                    attempt)
            }
            if attempt >= retry.maximumAttempts || !retryable { throw failure }
            retry.sleep(retry.delay(afterAttempt: attempt))
        }
    }

    /// An error of this client's making, for `operation` on `service`.
    func failure(
        _ kind: AWSError.Kind, _ service: AWSService, _ operation: String, status: Int?, _ message: String,
        _ attempts: Int = 1
    ) -> AWSError {
        scrubbed(
            AWSError(
                kind: kind, service: service.endpointPrefix, operation: operation, status: status, message: message,
                attempts: attempts))
    }

    /// `error` with the secret key and session token replaced wherever they appear.
    func scrubbed(_ error: AWSError) -> AWSError {
        var error = error
        for secret in credentialCache.secrets where secret.count >= 4 {
            error.message = error.message.replacingOccurrences(of: secret, with: "<redacted>")
            error.code = error.code.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return error
    }
}
