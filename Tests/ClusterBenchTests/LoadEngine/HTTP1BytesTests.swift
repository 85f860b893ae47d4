import Report
import Testing

@testable import LoadEngine

/// The byte-level pieces the parser's speed rests on (a bit set for tokens, eight bytes at a time for CR and NUL,
/// memchr for LF), each against the plain definition.
@Suite struct HTTP1BytesTests {
    @Test func tokenBytesAreExactlyRFC9110s() {
        let tchars = Set(Array("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))
        let accepted = (0...255).map(UInt8.init).filter(HTTP1Bytes.isTokenByte)
        #expect(Set(accepted) == tchars)
        #expect(accepted.count == 77)
    }

    @Test func crAndNULAreFoundAtEveryOffsetOfEveryLength() {
        var random = SplitMix64(seed: 0x1205)
        var checked = 0
        for length in 0..<40 {
            for _ in 0..<50 {
                // Mostly bytes near CR and NUL (1, 12, 14, 0x8D...), which a wrong bit trick would confuse with them.
                let near: [UInt8] = [1, 12, 14, 0x0C, 0x8D, 0x80, 0xFF, 0x2D, 0x20, 0x61]
                var bytes = (0..<length).map { _ in near[random.index(below: near.count)] }
                let plant = random.index(below: 3)
                if length > 0 && plant > 0 { bytes[random.index(below: length)] = plant == 1 ? 13 : 0 }
                let expected = !bytes.contains(13) && !bytes.contains(0)
                #expect(bytes.withUnsafeBytes(HTTP1Bytes.hasNoCRorNUL) == expected, "\(bytes)")
                checked += 1
            }
        }
        #expect(checked == 2000)
    }

    @Test func lineFeedIsTheFirstLFFromTheStart() {
        let bytes = Array("ab\ncd\n\nef".utf8)
        let found = bytes.withUnsafeBytes { buffer in
            [0, 2, 3, 6, 7, 9].map { HTTP1Bytes.lineFeed(in: buffer, from: $0) }
        }
        #expect(found == [2, 2, 5, 6, 9, 9])
    }
}
