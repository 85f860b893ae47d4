/// Anything the AWS client could not do, with what a person needs to act on it: which service and operation, the
/// HTTP status, AWS's error code and message, the request id, and how many attempts were made.
///
/// Never holds a secret access key or session token: the client scrubs them from every message it builds.
public struct AWSError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The broad reason; open for new cases.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        /// AWS answered with an error response (`code` and `message` are AWS's).
        public static let service = Kind(name: "service")
        /// No usable credentials: `message` names every place the chain looked.
        public static let credentials = Kind(name: "credentials")
        /// No region, a malformed region or endpoint: `message` names where it looked.
        public static let configuration = Kind(name: "configuration")
        /// No response arrived (connect, timeout, reset), after every allowed attempt.
        public static let transport = Kind(name: "transport")
        /// A response arrived that the client could not read.
        public static let malformedResponse = Kind(name: "malformed response")

        public var description: String { name }
    }

    /// The broad reason.
    public var kind: Kind
    /// The service's endpoint prefix (`ec2`, `elasticloadbalancing`), or empty before any request.
    public var service: String
    /// The API action (`DescribeVpcs`), or empty before any request.
    public var operation: String
    /// The HTTP status of the error response, or nil when none arrived.
    public var status: Int?
    /// AWS's error code (`AuthFailure`, `SignatureDoesNotMatch`, `InvalidGroup.NotFound`), or empty.
    public var code: String
    /// AWS's message, or the client's explanation.
    public var message: String
    /// AWS's request id, when the response carried one.
    public var requestId: String?
    /// How many requests were sent (retries included).
    public var attempts: Int

    /// An error; the fields are as documented on the properties.
    public init(
        kind: Kind, service: String = "", operation: String = "", status: Int? = nil, code: String = "",
        message: String, requestId: String? = nil, attempts: Int = 0
    ) {
        self.kind = kind
        self.service = service
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.requestId = requestId
        self.attempts = attempts
    }

    /// `ec2 DescribeVpcs: HTTP 401 AuthFailure: AWS was not able to validate the provided access credentials
    /// (request id 1a2b, 1 attempt)`.
    public var description: String {
        var text = operation.isEmpty ? "" : "\(service) \(operation): "
        if let status { text += "HTTP \(status) " }
        if !code.isEmpty { text += "\(code): " }
        text += message
        var notes: [String] = []
        if let requestId { notes.append("request id \(requestId)") }
        if attempts > 0 { notes.append(attempts == 1 ? "1 attempt" : "\(attempts) attempts") }
        return notes.isEmpty ? text : text + " (" + notes.joined(separator: ", ") + ")"
    }

    /// AWS refused the signature or the key itself (wrong secret, unknown key id, expired token).
    public var isAuthenticationFailure: Bool { Self.authenticationCodes.contains(code) }

    /// The resource does not exist (`InvalidGroup.NotFound`, `LoadBalancerNotFound`, `ParameterNotFound`, ...).
    public var isNotFound: Bool {
        code.hasSuffix("NotFound") || code.hasSuffix("NotFoundException") || code == "NoSuchEntity"
    }

    /// AWS asked to slow down.
    public var isThrottling: Bool { Self.throttlingCodes.contains(code) }

    /// Codes that mean the credentials or their signature were refused.
    static let authenticationCodes: Set<String> = [
        "AuthFailure", "SignatureDoesNotMatch", "InvalidClientTokenId", "IncompleteSignature", "InvalidSignature",
        "InvalidSignatureException", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException",
        "InvalidAccessKeyId", "MissingAuthenticationToken", "AccessDeniedException",
    ]

    /// Codes that mean "too many requests: try again later", as the AWS SDKs list them.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Codes of passing faults on AWS's side, retried like throttling.
    static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "Unavailable",
    ]
}
