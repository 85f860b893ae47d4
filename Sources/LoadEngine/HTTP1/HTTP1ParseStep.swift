/// What `HTTP1ResponseParser` made of the bytes it was given.
enum HTTP1ParseStep: Equatable {
    /// Every byte was consumed and the response has not ended yet.
    case needMore
    /// The final (non-1xx) response ended after `consumed` bytes of the buffer just given; the bytes after it are not
    /// part of this response.
    case complete(consumed: Int)
    /// The response is malformed, too large or cut short; the connection cannot be used any more.
    case failed(HTTP1ParseError)
}

/// Why a response could not be parsed. Each one is a protocol error for the request; the caller closes the connection.
enum HTTP1ParseError: Error, Equatable, Sendable {
    /// Not `HTTP/1.x SSS[ reason]`: another protocol, a version other than 1.x, a status that is not 3 digits.
    case malformedStatusLine
    /// A header line without a colon, a name that is not a token (also a space before the colon or a folded line), a
    /// value with a NUL or a bare CR, a Transfer-Encoding that applies chunked twice.
    case malformedHeader
    /// The status line and headers (or the trailers) of one response are longer than `maximumHeaderBytes`.
    case headersTooLarge
    /// The body (its Content-Length, the sum of its chunk sizes or what arrived before the close) is longer than
    /// `maximumBodyBytes`.
    case bodyTooLarge
    /// A Content-Length that is not a decimal number, or several that differ.
    case badContentLength
    /// A chunk size that is not hexadecimal, chunk data not followed by CRLF, a chunk-size line that is too long.
    case badChunk
    /// The peer closed the connection in the middle of the response.
    case truncated
    /// The peer closed the connection before the first byte of the response.
    case closedBeforeResponse
}

extension HTTP1ParseError: CustomStringConvertible {
    /// A few words for a person, the way error counts and logs name the error.
    var description: String {
        switch self {
        case .malformedStatusLine: "malformed status line"
        case .malformedHeader: "malformed header"
        case .headersTooLarge: "headers too large"
        case .bodyTooLarge: "body too large"
        case .badContentLength: "bad Content-Length"
        case .badChunk: "bad chunk"
        case .truncated: "response truncated"
        case .closedBeforeResponse: "closed before the response"
        }
    }
}
