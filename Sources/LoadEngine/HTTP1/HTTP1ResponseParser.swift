/// An HTTP/1.1 response parser for the load engine's own connections: it finds where each response ends (status
/// line, Content-Length, chunked, read-until-close, no body for HEAD/204/304), whether the connection may carry the
/// next request, and the app's `X-Instance-Id`, without keeping the body.
///
/// One per connection, reused for every response on it. It scans the bytes it is given in place; only a line split
/// across reads is copied, into a buffer kept from one response to the next, so after the first responses it
/// allocates nothing. No String, no Foundation: the files of `HTTP1/` import only the C library (for `memchr`), so a
/// benchmark or a fuzzer can compile them on their own.
struct HTTP1ResponseParser {
    /// Where the parser is in the response.
    enum Phase: UInt8 {
        case statusLine, headers, fixedBody, chunkSize, chunkData, chunkDataEnd, trailers, untilClose, complete, failed
    }

    /// The longest status line and headers of one response (each 1xx response and the trailers counted on their own).
    let maximumHeaderBytes: Int
    /// The longest decoded body.
    let maximumBodyBytes: Int

    /// The final response's status code; valid after `.complete`.
    var status: Int { statusCode }
    /// Decoded body bytes (chunked: the sum of the chunk sizes); valid after `.complete`.
    var bodyBytes: Int { decodedBytes }
    /// Whether the connection may carry the next request: false for `Connection: close`, HTTP/1.0 without
    /// keep-alive, a body read until close; valid after `.complete`.
    var keepAlive: Bool { reusable }

    // The parser's state, written by its own methods only (in this file and HTTP1ResponseParser+Lines.swift).

    /// Where the parser is; `.complete` and `.failed` last until `expectResponse`.
    var phase = Phase.statusLine
    var statusCode = 0
    var decodedBytes = 0
    var reusable = false

    var failure = HTTP1ParseError.truncated
    var toHead = false
    var receivedAny = false
    /// Bytes of the current head (status line and headers) or of the trailers, line ends included.
    var headBytes = 0
    /// Bytes of the fixed-length body or of the current chunk still to come.
    var remaining = 0

    // What the current head said.
    var isHTTP10 = false
    var contentLength = -1
    var hasTransferEncoding = false
    var sawChunked = false
    var chunked = false
    var connectionClose = false
    var connectionKeepAlive = false

    /// The part of a line that arrived in an earlier read.
    var partialLine: [UInt8] = []
    /// The final response's `X-Instance-Id`, trimmed.
    var instanceID: [UInt8] = []

    /// A parser for one connection, ready for its first response (as after `expectResponse(toHead: false)`).
    init(maximumHeaderBytes: Int = 65_536, maximumBodyBytes: Int = 1 << 30) {
        self.maximumHeaderBytes = max(16, maximumHeaderBytes)
        self.maximumBodyBytes = max(0, maximumBodyBytes)
        partialLine.reserveCapacity(512)
        instanceID.reserveCapacity(64)
    }

    /// Starts a new response; call before each request's response. A response to HEAD has no body, whatever its
    /// headers say.
    mutating func expectResponse(toHead: Bool) {
        self.toHead = toHead
        phase = .statusLine
        statusCode = 0
        decodedBytes = 0
        reusable = false
        receivedAny = false
        partialLine.removeAll(keepingCapacity: true)
        startHead()
    }

    /// Feeds the next bytes read from the socket. `.needMore`: all consumed, the response is not finished.
    /// `.complete(consumed: n)`: the final response ended after n bytes of this buffer (1xx responses before it
    /// included); the bytes after n are not part of it. `.failed`: malformed or too large; close the connection.
    /// Once complete or failed, it answers the same until `expectResponse` (complete: with `consumed: 0`).
    mutating func consume(_ bytes: UnsafeRawBufferPointer) -> HTTP1ParseStep {
        switch phase {
        case .complete: return .complete(consumed: 0)
        case .failed: return .failed(failure)
        default: break
        }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .needMore }
        receivedAny = true
        let count = bytes.count
        var index = 0
        while index < count {
            switch phase {
            case .fixedBody, .chunkData:
                let taken = min(remaining, count - index)
                remaining -= taken
                index += taken
                if remaining == 0 {
                    if phase == .chunkData {
                        phase = .chunkDataEnd
                    } else {
                        phase = .complete
                        return .complete(consumed: index)
                    }
                }
            case .untilClose:
                let taken = count - index
                index = count
                guard taken <= maximumBodyBytes - decodedBytes else { return fail(.bodyTooLarge) }
                decodedBytes += taken
            case .complete, .failed:
                preconditionFailure("left the loop when the phase changed")
            case .statusLine, .headers, .chunkSize, .chunkDataEnd, .trailers:
                let end = HTTP1Bytes.lineFeed(in: bytes, from: index)
                let piece = UnsafeRawBufferPointer(start: base + index, count: end - index)
                if end == count {
                    if let error = keepPartial(piece) { return fail(error) }
                    return .needMore
                }
                index = end + 1
                if partialLine.isEmpty {
                    takeLine(piece)
                } else {
                    // The line began in an earlier read: finish it in the buffer, then hand the buffer over without
                    // copying (moved out of `self` so `takeLine` may mutate `self` while reading it).
                    partialLine.append(contentsOf: piece)
                    var line: [UInt8] = []
                    swap(&line, &partialLine)
                    line.withUnsafeBytes { takeLine($0) }
                    line.removeAll(keepingCapacity: true)
                    swap(&line, &partialLine)
                }
                switch phase {
                case .complete: return .complete(consumed: index)
                case .failed: return .failed(failure)
                default: break
                }
            }
        }
        return .needMore
    }

    /// The peer closed the connection: completes a read-until-close body; otherwise `.failed(.closedBeforeResponse)`
    /// if no byte of this response arrived, else `.failed(.truncated)`.
    mutating func consumeEndOfStream() -> HTTP1ParseStep {
        switch phase {
        case .untilClose:
            phase = .complete
            reusable = false
            return .complete(consumed: 0)
        case .complete: return .complete(consumed: 0)
        case .failed: return .failed(failure)
        default: return fail(receivedAny ? .truncated : .closedBeforeResponse)
        }
    }

    /// Hands the final response's `X-Instance-Id` value (trimmed; empty if it had none) to `body`; valid until the
    /// next `expectResponse`.
    func withInstanceID<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        instanceID.withUnsafeBytes(body)
    }

    // MARK: Steps shared by the line handlers

    mutating func fail(_ error: HTTP1ParseError) -> HTTP1ParseStep {
        failure = error
        phase = .failed
        return .failed(error)
    }

    /// Forgets what the previous head (a 1xx response's, or none) said.
    mutating func startHead() {
        headBytes = 0
        isHTTP10 = false
        contentLength = -1
        hasTransferEncoding = false
        sawChunked = false
        chunked = false
        connectionClose = false
        connectionKeepAlive = false
        instanceID.removeAll(keepingCapacity: true)
    }

    /// Keeps the start of a line whose end has not arrived, unless it is already too long for its kind.
    private mutating func keepPartial(_ piece: UnsafeRawBufferPointer) -> HTTP1ParseError? {
        let length = partialLine.count + piece.count
        switch phase {
        case .statusLine, .headers, .trailers:
            if length > maximumHeaderBytes - headBytes { return .headersTooLarge }
        default:
            if length > maximumHeaderBytes { return .badChunk }
        }
        partialLine.append(contentsOf: piece)
        return nil
    }
}
