import Testing

@testable import LoadEngine

/// The response parser on every case of issue 12, whole, split in two at every byte and fed one byte at a time.
@Suite struct HTTP1ParserTests {
    @Test(arguments: ParserCases.valid)
    func aValidResponse(_ response: ParserCase) {
        #expect(response.run() == response.expected)
    }

    @Test(arguments: ParserCases.invalid)
    func aBadResponse(_ response: ParserCase) {
        #expect(response.run() == response.expected)
    }

    @Test(arguments: ParserCases.valid + ParserCases.invalid)
    func splitAtEveryByteTheOutcomeIsTheSame(_ response: ParserCase) {
        for cut in 0...response.bytes.count {
            let outcome = response.run(cuts: [cut])
            #expect(outcome == response.expected, "cut at \(cut)")
            if outcome != response.expected { break }
        }
        #expect(response.run(cuts: Array(1..<max(1, response.bytes.count))) == response.expected, "one byte at a time")
    }

    @Test func theHeadLimitCountsEveryByteOfTheHead() {
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)
        #expect(
            ParserFeed.run(head, maximumHeaderBytes: head.count) == .ok(200, body: 0, keepAlive: true, consumed: 38))
        #expect(ParserFeed.run(head, maximumHeaderBytes: head.count - 1) == .error(.headersTooLarge))
        #expect(
            ParserFeed.run(head, cuts: Array(1..<head.count), maximumHeaderBytes: head.count - 1)
                == .error(.headersTooLarge))
    }

    @Test func theBodyLimitIsInclusive() {
        let response = Array(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n".utf8)
        #expect(ParserFeed.run(response, maximumBodyBytes: 10) == .ok(200, body: 10, keepAlive: true, consumed: 72))
        #expect(ParserFeed.run(response, maximumBodyBytes: 9) == .error(.bodyTooLarge))
    }

    @Test func aLongBodyInManyReads() {
        let body = [UInt8](repeating: 0x61, count: 100_000)
        let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".utf8) + body
        let cuts = Array(stride(from: 7, to: response.count, by: 4093))
        #expect(
            ParserFeed.run(response, cuts: cuts)
                == .ok(200, body: 100_000, keepAlive: true, consumed: response.count))
    }

    @Test func oneParserServesResponseAfterResponse() {
        var parser = HTTP1ResponseParser()
        let first = Array("HTTP/1.1 200 OK\r\nX-Instance-Id: a\r\nContent-Length: 1\r\n\r\nx".utf8)
        let second = Array("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nno\r\n0\r\n\r\n".utf8)
        let broken = Array("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n".utf8)
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\n".utf8)
        #expect(
            ParserFeed.run(first, parser: &parser) == .ok(200, body: 1, keepAlive: true, instance: "a", consumed: 57))
        #expect(ParserFeed.run(second, parser: &parser) == .ok(404, body: 2, keepAlive: true, consumed: 66))
        #expect(ParserFeed.run(broken, parser: &parser) == .error(.badContentLength))
        // A new response forgets the failure, the instance and the length of the ones before.
        #expect(
            ParserFeed.run(head, toHead: true, parser: &parser) == .ok(200, body: 0, keepAlive: false, consumed: 57))
        #expect(
            ParserFeed.run(first, endOfStream: false, parser: &parser)
                == .ok(200, body: 1, keepAlive: true, instance: "a", consumed: 57))
    }

    @Test func aFinishedResponseTakesNoMoreBytes() {
        var parser = HTTP1ResponseParser()
        let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)
        #expect(response.withUnsafeBytes { parser.consume($0) } == .complete(consumed: 38))
        #expect(response.withUnsafeBytes { parser.consume($0) } == .complete(consumed: 0))
        #expect(parser.consumeEndOfStream() == .complete(consumed: 0))
        #expect(parser.status == 200)
    }

    @Test func aFailureSticksUntilTheNextResponse() {
        var parser = HTTP1ResponseParser()
        let bad = Array("HTTP/9.9 200 OK\r\n".utf8)
        let good = Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)
        #expect(bad.withUnsafeBytes { parser.consume($0) } == .failed(.malformedStatusLine))
        #expect(good.withUnsafeBytes { parser.consume($0) } == .failed(.malformedStatusLine))
        #expect(parser.consumeEndOfStream() == .failed(.malformedStatusLine))
        parser.expectResponse(toHead: false)
        #expect(good.withUnsafeBytes { parser.consume($0) } == .complete(consumed: 38))
    }

    @Test func anEmptyReadChangesNothing() {
        var parser = HTTP1ResponseParser()
        #expect(parser.consume(UnsafeRawBufferPointer(start: nil, count: 0)) == .needMore)
        #expect(parser.consumeEndOfStream() == .failed(.closedBeforeResponse))
    }
}
