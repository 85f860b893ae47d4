/// One HTTP request for `HTTPClient.send`: method, URL, headers and body, with its time limits.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, `HEAD`, `PUT`, `DELETE`, ... as sent on the request line.
    public var method: String
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields in order, sent as given (libcurl adds `Host` and, for a body, `Content-Length`).
    public var headers: [(name: String, value: String)]
    /// The request body; empty sends none.
    public var body: [UInt8]
    /// The whole exchange (resolve, connect, send, receive) gives up after this.
    public var timeout: Duration
    /// Connecting gives up after this (capped by `timeout`).
    public var connectTimeout: Duration
    /// A response body longer than this aborts the exchange (`HTTPClientError.Kind.tooLarge`).
    public var maximumBodyBytes: Int

    /// A request; by default a GET with no headers or body, 10 s overall and 5 s to connect, bodies up to 64 MiB.
    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Duration = .seconds(10), connectTimeout: Duration = .seconds(5), maximumBodyBytes: Int = 64 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maximumBodyBytes = maximumBodyBytes
    }
}
