import Foundation
import Report
import Testing

@testable import LoadEngine

/// The response parser over 200,000 seeded random inputs (`CLUSTERBENCH_PARSER_INPUTS` changes the number): half
/// valid responses, which must give their exact outcome whatever the split, half random or mutated bytes, which must
/// never crash and give the same outcome whole, at random splits and one byte at a time.
@Suite struct HTTP1ParserPropertyTests {
    static let inputs = ProcessInfo.processInfo.environment["CLUSTERBENCH_PARSER_INPUTS"].flatMap { Int($0) } ?? 200_000

    /// Cut offsets for `count` bytes: none (1 in 16), every byte (1 in 64), or 1 to 6 at random.
    static func cuts(_ count: Int, _ random: inout SplitMix64) -> [Int] {
        guard count > 1 else { return [] }
        switch random.index(below: 64) {
        case 0...3: return []
        case 4: return Array(1..<count)
        default:
            return (0..<(1 + random.index(below: 6))).map { _ in random.index(below: count + 1) }.sorted()
        }
    }

    @Test func validResponsesGiveTheirOutcomeWhateverTheSplit() {
        var generator = HTTP1ResponseGenerator(random: SplitMix64(seed: 0x1201))
        var random = SplitMix64(seed: 0x1202)
        // One parser for every response, as a connection keeps one: nothing may leak from one response to the next.
        var parser = HTTP1ResponseParser()
        var checked = 0
        var wrong = 0
        for index in 0..<Self.inputs / 2 {
            let response = generator.response()
            let cuts = Self.cuts(response.bytes.count, &random)
            let outcome = ParserFeed.run(response.bytes, cuts: cuts, toHead: response.toHead, parser: &parser)
            checked += 1
            if outcome != response.expected {
                wrong += 1
                if wrong <= 3 {
                    let text = String(decoding: response.bytes, as: UTF8.self).debugDescription
                    let input = "input \(index), cuts \(cuts), head \(response.toHead)"
                    Issue.record("\(input): \(outcome), expected \(response.expected): \(text)")
                }
            }
        }
        #expect(checked == Self.inputs / 2)
        #expect(wrong == 0)
    }

    @Test func randomAndMutatedBytesGiveOneOutcomeWhateverTheSplit() {
        var generator = HTTP1ResponseGenerator(random: SplitMix64(seed: 0x1203))
        var random = SplitMix64(seed: 0x1204)
        var checked = 0
        var outcomes: [String: Int] = [:]
        var inconsistent = 0
        for index in 0..<(Self.inputs - Self.inputs / 2) {
            let bytes = index % 4 == 0 ? Self.randomBytes(&random) : Self.mutate(generator.response().bytes, &random)
            let toHead = random.index(below: 10) == 0
            let whole = ParserFeed.run(bytes, toHead: toHead)
            let cuts = Self.cuts(bytes.count, &random)
            let split = ParserFeed.run(bytes, cuts: cuts, toHead: toHead)
            checked += 1
            if case .complete(let consumed) = whole.step {
                #expect(consumed >= 0 && consumed <= bytes.count && (100...999).contains(whole.status))
                #expect(whole.bodyBytes >= 0 && whole.bodyBytes <= bytes.count)
                outcomes["complete", default: 0] += 1
            } else {
                outcomes[whole.description, default: 0] += 1
            }
            if split != whole {
                inconsistent += 1
                if inconsistent <= 3 {
                    let text = String(decoding: bytes, as: UTF8.self).debugDescription
                    Issue.record("input \(index), cuts \(cuts): \(split), whole: \(whole): \(text)")
                }
            }
        }
        #expect(checked == Self.inputs - Self.inputs / 2)
        #expect(inconsistent == 0)
        // The inputs reach every kind of outcome, so the property is tested where it matters.
        let kinds: [HTTP1ParseError] = [
            .malformedStatusLine, .malformedHeader, .badContentLength, .badChunk, .truncated, .closedBeforeResponse,
        ]
        #expect(outcomes["complete", default: 0] > checked / 20, "\(outcomes)")
        for kind in kinds {
            #expect(outcomes["failed(\(kind))", default: 0] > 0, "no input ended in \(kind): \(outcomes)")
        }
    }

    /// Random bytes, half of them after a valid status line so they reach the headers.
    static func randomBytes(_ random: inout SplitMix64) -> [UInt8] {
        let prefix = random.index(below: 2) == 0 ? Array("HTTP/1.1 200 OK\r\n".utf8) : []
        return prefix + (0..<random.index(below: 200)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    /// The bytes with 1 to 3 changes: a byte replaced (often by one the syntax cares about), inserted or deleted, a
    /// range repeated, or the end cut off.
    static func mutate(_ original: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = original
        let interesting = Array("\r\n: ;,0aF\t".utf8) + [0, 0x80, 0xFF]
        for _ in 0..<(1 + random.index(below: 3)) where !bytes.isEmpty {
            let at = random.index(below: bytes.count)
            let byte =
                random.index(below: 2) == 0
                ? interesting[random.index(below: interesting.count)] : UInt8(truncatingIfNeeded: random.next())
            switch random.index(below: 5) {
            case 0: bytes[at] = byte
            case 1: bytes.insert(byte, at: at)
            case 2: bytes.remove(at: at)
            case 3:
                let end = min(bytes.count, at + 1 + random.index(below: 40))
                bytes.insert(contentsOf: bytes[at..<end], at: end)
            default: bytes.removeLast(bytes.count - at)
            }
        }
        return bytes
    }
}
