internal import CCurl

/// A blocking HTTP/1.1 client on libcurl's easy interface, for everything that is not load: health probes, stats
/// pages, cloud APIs. Each call is one exchange on a fresh handle, bounded by the request's timeouts and by the
/// caller's cancellation check; redirects are not followed. `LoadEngine` keeps the load path.
///
/// Calls block the calling thread: make them from a thread of your own, not from the shared concurrency pool.
public enum HTTPClient {
    /// Sends `request` and returns the final response, whatever its status.
    ///
    /// - Parameter isCancelled: polled several times a second while the exchange runs; when it returns true the
    ///   exchange is aborted and the call throws an error of kind `.cancelled`.
    /// - Throws: `HTTPClientError` when no complete response arrived.
    public static func send(
        _ request: HTTPRequest, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(HTTPClientError) -> HTTPResponse {
        let label = "\(request.method) \(redacted(request.url))"
        let exchange = Exchange(limit: request.maximumBodyBytes, isCancelled: isCancelled)
        let easy = try EasyRequest(label: label)
        try easy.configure(request, exchange: exchange)
        let code = withExtendedLifetime(exchange) { easy.perform() }
        guard code == CURLE_OK else {
            throw HTTPClientError(
                kind: kind(of: code, exchange: exchange), request: label, message: exchange.overflowed
                    ? "the response body is longer than \(request.maximumBodyBytes) bytes"
                    : easy.errorText(code),
                code: Int(code.rawValue))
        }
        return HTTPResponse(status: easy.responseCode, headers: exchange.finalHeaders, body: exchange.body)
    }

    /// Fetches `url` with a GET, giving up after `timeout`.
    public static func get(
        _ url: String, timeout: Duration = .seconds(10), isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(HTTPClientError) -> HTTPResponse {
        try send(HTTPRequest(url: url, timeout: timeout, connectTimeout: min(timeout, .seconds(5))), isCancelled: isCancelled)
    }

    /// The URL without its query or fragment, which may carry signatures or tokens.
    static func redacted(_ url: String) -> String {
        guard let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return url }
        return String(url[..<cut]) + "?..."
    }

    private static func kind(of code: CURLcode, exchange: Exchange) -> HTTPClientError.Kind {
        if exchange.overflowed { return .tooLarge }
        if exchange.cancelled { return .cancelled }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .resolve
        case CURLE_COULDNT_CONNECT: return .connect
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            return .tls
        default: return .transport
        }
    }
}
