/// A complete HTTP response: the final status (after any 1xx), its header fields and the body.
public struct HTTPResponse: Sendable {
    /// The status code (`200`).
    public var status: Int
    /// Header fields of the final response, in order, names as the server sent them.
    public var headers: [(name: String, value: String)]
    /// The body, decoded from chunked transfer coding if the server used it.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
