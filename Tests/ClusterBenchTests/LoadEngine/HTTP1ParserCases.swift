import Testing

@testable import LoadEngine

/// One response the parser must handle, and what it must make of it.
struct ParserCase: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    var toHead = false
    /// False when the response ends by itself and no end of stream follows it.
    var endOfStream = true
    var maximumHeaderBytes = 65_536
    var maximumBodyBytes = 1 << 30
    var expected: ParseOutcome

    var testDescription: String { name }

    init(
        _ name: String, _ text: String, toHead: Bool = false, endOfStream: Bool = true,
        maximumHeaderBytes: Int = 65_536,
        maximumBodyBytes: Int = 1 << 30, _ expected: ParseOutcome
    ) {
        self.name = name
        bytes = Array(text.utf8)
        self.toHead = toHead
        self.endOfStream = endOfStream
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
        self.expected = expected
    }

    func run(cuts: [Int] = []) -> ParseOutcome {
        ParserFeed.run(
            bytes, cuts: cuts, toHead: toHead, endOfStream: endOfStream, maximumHeaderBytes: maximumHeaderBytes,
            maximumBodyBytes: maximumBodyBytes)
    }
}

/// The responses of issue 12, with the exact outcome of each. `length` is the whole text's length in bytes.
enum ParserCases {
    static func ok(_ status: Int, _ body: Int, _ keepAlive: Bool, _ instance: String = "", consumed: Int)
        -> ParseOutcome
    {
        .ok(status, body: body, keepAlive: keepAlive, instance: instance, consumed: consumed)
    }

    static let nginx =
        "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Tue, 01 Dec 2026 15:00:00 GMT\r\n"
        + "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"
    static let chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;name=value\r\n world\r\n0\r\n\r\n"

    static let valid: [ParserCase] = [
        ParserCase(
            "Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", ok(200, 5, true, consumed: 43)),
        ParserCase("nginx's reply", nginx, ok(200, 2, true, consumed: nginx.utf8.count)),
        ParserCase("no reason phrase", "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", ok(404, 0, true, consumed: 35)),
        ParserCase(
            "Connection: close",
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbad",
            ok(503, 3, false, consumed: 77)),
        ParserCase(
            "Connection list with close", "HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n",
            ok(200, 0, false, consumed: 66)),
        ParserCase(
            "close in a second Connection header",
            "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: foo,  close ,\r\nContent-Length: 0\r\n\r\n",
            ok(200, 0, false, consumed: 89)),
        ParserCase(
            "close as part of a token is not close",
            "HTTP/1.1 200 OK\r\nConnection: closed, x-close\r\nContent-Length: 0\r\n\r\n",
            ok(200, 0, true, consumed: 67)),
        ParserCase(
            "HTTP/1.0 closes by default", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
            ok(200, 2, false, consumed: 40)),
        ParserCase(
            "HTTP/1.0 with keep-alive", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok",
            ok(200, 2, true, consumed: 64)),
        ParserCase(
            "HTTP/1.0 with keep-alive and close",
            "HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok",
            ok(200, 2, false, consumed: 71)),
        ParserCase("HTTP/1.0 read until close", "HTTP/1.0 200 OK\r\n\r\nsome body", ok(200, 9, false, consumed: 28)),
        ParserCase(
            "HTTP/1.1 without length reads until close", "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nabc",
            ok(200, 3, false, consumed: 33)),
        ParserCase("empty body until close", "HTTP/1.1 200 OK\r\n\r\n", ok(200, 0, false, consumed: 19)),
        ParserCase("chunked with an extension", chunked, ok(200, 11, true, consumed: chunked.utf8.count)),
        ParserCase(
            "chunk sizes in hex, either case, leading zeros, extensions with quotes and spaces",
            "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n0a ;a=\"b;c\"\r\n0123456789\r\n"
                + "1F\r\n0123456789012345678901234567890\r\n000\r\n\r\n",
            ok(200, 41, true, consumed: 116)),
        ParserCase(
            "chunked with trailers",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Checksum: 1\r\nX-Other:\r\n\r\n",
            ok(200, 3, true, consumed: 85)),
        ParserCase(
            "chunked after another coding",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nzz\r\n0\r\n\r\n",
            ok(200, 2, true, consumed: 65)),
        ParserCase(
            "a coding after chunked reads until close",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nabc",
            ok(200, 3, false, consumed: 56)),
        ParserCase(
            "Transfer-Encoding over Content-Length, connection not reused",
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n",
            ok(200, 1, false, consumed: 79)),
        ParserCase(
            "chunked in HTTP/1.0, connection not reused",
            "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n",
            ok(200, 1, false, consumed: 82)),
        ParserCase(
            "equal Content-Lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\ncontent-length:  002 \r\n\r\nok",
            ok(200, 2, true, consumed: 66)),
        ParserCase(
            "100 Continue before the response",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx",
            ok(201, 1, true, consumed: 69)),
        ParserCase(
            "103 Early Hints: only the final response's instance counts",
            "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nX-Instance-Id: early\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nX-Instance-Id: final\r\nContent-Length: 0\r\n\r\n",
            ok(200, 0, true, "final", consumed: 139)),
        ParserCase(
            "a 1xx instance does not leak into the final response",
            "HTTP/1.1 103 Early Hints\r\nX-Instance-Id: early\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            ok(200, 0, true, consumed: 88)),
        ParserCase(
            "several 1xx, then 204",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n",
            ok(204, 0, true, consumed: 98)),
        ParserCase(
            "HEAD: no body whatever Content-Length says", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n",
            toHead: true,
            endOfStream: false, ok(200, 0, true, consumed: 41)),
        ParserCase(
            "HEAD: no body with chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", toHead: true,
            endOfStream: false, ok(200, 0, true, consumed: 47)),
        ParserCase(
            "HEAD without a length is not read until close", "HTTP/1.1 200 OK\r\n\r\n", toHead: true,
            endOfStream: false,
            ok(200, 0, true, consumed: 19)),
        ParserCase(
            "204 without length", "HTTP/1.1 204 No Content\r\n\r\n", endOfStream: false,
            ok(204, 0, true, consumed: 27)),
        ParserCase(
            "204 with Content-Length: the bytes after the head are not its body",
            "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", ok(204, 0, true, consumed: 46)),
        ParserCase(
            "304 with Content-Length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n", endOfStream: false,
            ok(304, 0, true, consumed: 50)),
        ParserCase(
            "101 ends the HTTP conversation",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u{1}\u{2}",
            ok(101, 0, false, consumed: 56)),
        ParserCase(
            "bytes after the response are not consumed", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1",
            ok(200, 2, true, consumed: 40)),
        ParserCase("bare LF line ends", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", ok(200, 2, true, consumed: 37)),
        ParserCase(
            "instance id: name in any case, value trimmed, the last one counts",
            "HTTP/1.1 200 OK\r\nx-instance-id: first\r\nX-INSTANCE-ID: \t web-3 \t\r\nContent-Length: 0\r\n\r\n",
            ok(200, 0, true, "web-3", consumed: 86)),
        ParserCase(
            "other headers: empty values, odd token names, obs-text",
            "HTTP/1.1 200 \u{e9}t\u{e9}\r\nX-Empty:\r\nA!#$%&'*+-.^_`|~z: v\u{e9}\tv\r\nContent-Length: 1\r\n\r\nz",
            ok(200, 1, true, consumed: 78)),
    ]

    static let invalid: [ParserCase] = [
        ParserCase("status code of two digits", "HTTP/1.1 20 OK\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("status code of four digits", "HTTP/1.1 2000 OK\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("no space after the code", "HTTP/1.1 200OK\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("status below 100", "HTTP/1.1 099 Odd\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("HTTP/2", "HTTP/2 200 OK\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("lower-case protocol name", "http/1.1 200 OK\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("another protocol", "ICY 200 OK\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("an empty line first", "\r\nHTTP/1.1 200 OK\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("a NUL in the reason", "HTTP/1.1 200 O\u{0}K\r\n\r\n", .error(.malformedStatusLine)),
        ParserCase("no colon", "HTTP/1.1 200 OK\r\nContent-Length 5\r\n\r\n", .error(.malformedHeader)),
        ParserCase("space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n", .error(.malformedHeader)),
        ParserCase("folded line", "HTTP/1.1 200 OK\r\nX-A: b\r\n  c\r\n\r\n", .error(.malformedHeader)),
        ParserCase("empty name", "HTTP/1.1 200 OK\r\n: v\r\n\r\n", .error(.malformedHeader)),
        ParserCase("NUL in a value", "HTTP/1.1 200 OK\r\nX-A: a\u{0}b\r\n\r\n", .error(.malformedHeader)),
        ParserCase("bare CR in a value", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n", .error(.malformedHeader)),
        ParserCase(
            "chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            .error(.malformedHeader)),
        ParserCase(
            "empty Transfer-Encoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\n\r\n", .error(.malformedHeader)),
        ParserCase(
            "trailer without a colon", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
            .error(.malformedHeader)),
        ParserCase(
            "conflicting list", "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello", .error(.badContentLength)),
        ParserCase(
            "conflicting headers", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
            .error(.badContentLength)),
        ParserCase("not a number", "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", .error(.badContentLength)),
        ParserCase("empty Content-Length", "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", .error(.badContentLength)),
        ParserCase("negative", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", .error(.badContentLength)),
        ParserCase("with a sign", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", .error(.badContentLength)),
        ParserCase("two numbers", "HTTP/1.1 200 OK\r\nContent-Length: 5 5\r\n\r\nhello", .error(.badContentLength)),
        ParserCase("hexadecimal", "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n", .error(.badContentLength)),
        ParserCase("an empty element", "HTTP/1.1 200 OK\r\nContent-Length: 5,\r\n\r\nhello", .error(.badContentLength)),
        ParserCase(
            "head past the limit", "HTTP/1.1 200 OK\r\nX-Padding: 0123456789012345678901234567890123456789\r\n\r\n",
            maximumHeaderBytes: 64, .error(.headersTooLarge)),
        ParserCase(
            "a line without end past the limit", "HTTP/1.1 200 OK\r\nX-Padding: " + String(repeating: "a", count: 100),
            maximumHeaderBytes: 64, .error(.headersTooLarge)),
        ParserCase(
            "trailers past the limit",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: "
                + String(repeating: "0123456789", count: 6) + "\r\n\r\n",
            maximumHeaderBytes: 64, .error(.headersTooLarge)),
        ParserCase(
            "Content-Length past the limit", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n01234567890",
            maximumBodyBytes: 10, .error(.bodyTooLarge)),
        ParserCase(
            "Content-Length past any Int", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
            .error(.bodyTooLarge)),
        ParserCase(
            "chunks past the limit",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n01234\r\n0\r\n\r\n",
            maximumBodyBytes: 10, .error(.bodyTooLarge)),
        ParserCase(
            "a chunk size past any Int",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffffffff\r\n",
            .error(.bodyTooLarge)),
        ParserCase(
            "read until close past the limit", "HTTP/1.1 200 OK\r\n\r\n01234567890", maximumBodyBytes: 10,
            .error(.bodyTooLarge)),
        ParserCase(
            "chunk size not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", .error(.badChunk)),
        ParserCase(
            "empty chunk-size line", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", .error(.badChunk)),
        ParserCase(
            "garbage after the size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n0\r\n\r\n",
            .error(.badChunk)),
        ParserCase(
            "chunk data without CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n",
            .error(.badChunk)),
        ParserCase(
            "chunk-size line past the limit",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 100) + "\r\n",
            maximumHeaderBytes: 64, .error(.badChunk)),
        ParserCase("closed in the status line", "HTTP/1.1 200", .error(.truncated)),
        ParserCase("closed in the headers", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", .error(.truncated)),
        ParserCase("closed in the body", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", .error(.truncated)),
        ParserCase(
            "closed in a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", .error(.truncated)),
        ParserCase(
            "closed before the last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
            .error(.truncated)),
        ParserCase(
            "closed in the trailers", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n",
            .error(.truncated)),
        ParserCase("closed after 100 Continue", "HTTP/1.1 100 Continue\r\n\r\n", .error(.truncated)),
        ParserCase("closed before any byte", "", .error(.closedBeforeResponse)),
    ]
}
