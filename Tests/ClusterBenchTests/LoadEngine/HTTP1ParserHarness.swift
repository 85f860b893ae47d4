@testable import LoadEngine

/// What one response did to a parser: how it ended and, if it completed, what the parser says about it.
struct ParseOutcome: Equatable, CustomStringConvertible {
    /// `.complete(consumed:)` counts from the first byte of the whole input (all of it when the end of the stream
    /// completed it); `.needMore` when the input ran out and the stream was left open.
    var step: HTTP1ParseStep
    var status = 0
    var bodyBytes = 0
    var keepAlive = false
    var instanceID = ""

    static func ok(_ status: Int, body: Int, keepAlive: Bool, instance: String = "", consumed: Int) -> ParseOutcome {
        ParseOutcome(
            step: .complete(consumed: consumed), status: status, bodyBytes: body, keepAlive: keepAlive,
            instanceID: instance)
    }

    static func error(_ error: HTTP1ParseError) -> ParseOutcome { ParseOutcome(step: .failed(error)) }

    var description: String {
        switch step {
        case .complete(let consumed):
            "complete(consumed: \(consumed)) status \(status) body \(bodyBytes) keepAlive \(keepAlive) "
                + "instance '\(instanceID)'"
        case .failed(let error): "failed(\(error))"
        case .needMore: "needMore"
        }
    }
}

/// Feeds inputs to parsers in pieces and reports the outcome.
enum ParserFeed {
    /// Feeds `bytes` cut at the offsets `cuts` (ascending, each piece may be empty) after `expectResponse(toHead:)`;
    /// stops at the first step that is not `.needMore`, and ends the stream after the last piece if `endOfStream`.
    static func run(
        _ bytes: [UInt8], cuts: [Int] = [], toHead: Bool = false, endOfStream: Bool = true,
        parser: inout HTTP1ResponseParser
    ) -> ParseOutcome {
        parser.expectResponse(toHead: toHead)
        var start = 0
        for end in cuts + [bytes.count] {
            let step = bytes[start..<end].withUnsafeBytes { parser.consume($0) }
            switch step {
            case .needMore: start = end
            case .complete(let consumed): return outcome(of: parser, consumed: start + consumed)
            case .failed: return ParseOutcome(step: step)
            }
        }
        guard endOfStream else { return ParseOutcome(step: .needMore) }
        switch parser.consumeEndOfStream() {
        case .complete: return outcome(of: parser, consumed: bytes.count)
        case let step: return ParseOutcome(step: step)
        }
    }

    /// The same with a parser of its own.
    static func run(
        _ bytes: [UInt8], cuts: [Int] = [], toHead: Bool = false, endOfStream: Bool = true,
        maximumHeaderBytes: Int = 65_536, maximumBodyBytes: Int = 1 << 30
    ) -> ParseOutcome {
        var parser = HTTP1ResponseParser(maximumHeaderBytes: maximumHeaderBytes, maximumBodyBytes: maximumBodyBytes)
        return run(bytes, cuts: cuts, toHead: toHead, endOfStream: endOfStream, parser: &parser)
    }

    static func outcome(of parser: HTTP1ResponseParser, consumed: Int) -> ParseOutcome {
        let instance = parser.withInstanceID { String(decoding: $0, as: UTF8.self) }
        return .ok(
            parser.status, body: parser.bodyBytes, keepAlive: parser.keepAlive, instance: instance, consumed: consumed)
    }
}
