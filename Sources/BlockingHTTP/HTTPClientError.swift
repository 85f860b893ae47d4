/// An HTTP exchange that did not produce a response: what went wrong, for which request, in one line.
///
/// A response with an error status (4xx, 5xx) is not an `HTTPClientError`: the caller reads its status.
public struct HTTPClientError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The broad reason, for callers that retry or report differently.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        /// The host name did not resolve.
        public static let resolve = Kind(name: "resolve")
        /// Nothing accepted the connection (refused, unreachable).
        public static let connect = Kind(name: "connect")
        /// The exchange took longer than the request's timeout.
        public static let timeout = Kind(name: "timeout")
        /// The caller's cancellation check said stop.
        public static let cancelled = Kind(name: "cancelled")
        /// The response body was longer than the request allowed.
        public static let tooLarge = Kind(name: "too large")
        /// TLS could not be set up or verified.
        public static let tls = Kind(name: "tls")
        /// Anything else libcurl reports (a reset connection, a malformed response, ...).
        public static let transport = Kind(name: "transport")

        public var description: String { name }
    }

    /// The broad reason.
    public var kind: Kind
    /// `METHOD URL` of the request, without its headers or body (they may carry secrets).
    public var request: String
    /// libcurl's explanation.
    public var message: String
    /// libcurl's CURLcode, or -1 when the error did not come from a transfer.
    public var code: Int

    /// An error for `request` (`GET http://...`).
    public init(kind: Kind, request: String, message: String, code: Int) {
        self.kind = kind
        self.request = request
        self.message = message
        self.code = code
    }

    /// `GET http://127.0.0.1:9/ failed: Couldn't connect to server (code 7)`.
    public var description: String { "\(request) failed: \(message) (code \(code))" }
}
