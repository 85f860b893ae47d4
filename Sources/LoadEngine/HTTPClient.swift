import BenchCore
internal import CCurl

/// A blocking one-shot HTTP GET through libcurl, for health checks, stats pages and tests.
public enum HTTPClient {
    /// A response: status, headers in order (names as sent) and body.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        /// The first header with this name, compared case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// Fetches `url`, following no redirects, giving up after `timeout`.
    public static func get(_ url: String, timeout: Duration = .seconds(10)) throws(CurlError) -> Response {
        let easy = try EasyHandle()
        let collector = Collector()
        let context = collector.context
        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_TIMEOUT_MS, Int(timeout.wholeMilliseconds))
        try easy.set(CURLOPT_WRITEFUNCTION, callback: bodyCallback)
        try easy.set(CURLOPT_WRITEDATA, context)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: headerCallback)
        try easy.set(CURLOPT_HEADERDATA, context)
        try withExtendedLifetime(collector) { () throws(CurlError) in try easy.perform(url: url) }
        return Response(status: easy.responseCode, headers: collector.headers, body: collector.body)
    }

    private final class Collector: TransferSink {
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []

        override func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) { body.append(contentsOf: bytes) }

        override func receiveHeader(_ line: UnsafeBufferPointer<UInt8>) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
            let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
            let lowered = Array(name.lowercased().utf8)
            if let value = headerValue(line, named: lowered) { headers.append((name, value)) }
        }
    }
}
