@testable import HdrCodec
import Foundation
import Testing

/// Strict decoding: everything that is not well-formed V2 is refused with a reason, never a crash.
@Suite struct HdrV2MalformedTests {
    /// A V2 header (big-endian) followed by `payload`; `length` defaults to the payload's size.
    static func v2(
        cookie: UInt32 = 0x1c84_9313, length: Int? = nil, offset: Int32 = 0, digits: Int32 = 3, lowest: Int64 = 1,
        highest: Int64 = 3_600_000_000_000, ratio: Double = 1.0, payload: [UInt8] = [0x00]
    ) -> [UInt8] {
        var out: [UInt8] = []
        func put(_ value: UInt64, _ bytes: Int) {
            for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        put(UInt64(cookie), 4)
        put(UInt64(UInt32(truncatingIfNeeded: length ?? payload.count)), 4)
        put(UInt64(UInt32(bitPattern: offset)), 4)
        put(UInt64(UInt32(bitPattern: digits)), 4)
        put(UInt64(bitPattern: lowest), 8)
        put(UInt64(bitPattern: highest), 8)
        put(ratio.bitPattern, 8)
        return out + payload
    }

    /// The compressed form around `inner`, deflated by zlib as Python's and Java's do.
    static func compressed(_ inner: [UInt8], length: Int? = nil, trailing: [UInt8] = []) -> [UInt8] {
        let deflated = Zlib.deflate(inner, level: -1)
        let size = UInt32(length ?? deflated.count + trailing.count)
        return [0x1c, 0x84, 0x93, 0x14, UInt8(size >> 24), UInt8((size >> 16) & 0xff), UInt8((size >> 8) & 0xff),
                UInt8(size & 0xff)] + deflated + trailing
    }

    @Test func wellFormedHandMadeBytesDecode() throws {
        // Index 0: a lone zero; index 1: count 2; then a run of 998 zeros; index 1000: count 1.
        let histogram = try HdrV2.decode(Self.v2(payload: [0x00, 0x04, 0xcb, 0x0f, 0x02]))
        #expect(histogram.totalCount == 3)
        #expect(histogram.countForValue(1) == 2)
        #expect(histogram.countForValue(1000) == 1)
        #expect(histogram.max == 1000)
        // The other word-size nibbles of a V2 cookie are accepted, as Java's getCookieBase does.
        #expect(try HdrV2.decode(Self.v2(cookie: 0x1c84_9303, payload: [])).totalCount == 0)
    }

    @Test(arguments: [
        ([], "histogram: truncated in the cookie"),
        ([0x1c, 0x84, 0x93], "histogram: truncated in the cookie"),
        ([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0], "histogram: bad cookie 0xdeadbeef (not HdrHistogram V2)"),
        (v2(cookie: 0x1c84_9381), "histogram: bad cookie 0x1c849381 (not HdrHistogram V2)"),  // V1 (Java 2.1.5)
        (Array(v2().prefix(39)), "histogram: truncated in the conversion ratio"),
        (v2(length: 5), "histogram: payload length 5 but 1 bytes follow"),
        (v2(length: -1), "histogram: payload length -1 but 1 bytes follow"),
        (v2(length: 0), "histogram: 1 trailing bytes"),
        (v2(offset: 3), "histogram: normalizing index offset 3 (only 0 is supported)"),
        (v2(ratio: 0.5), "histogram: conversion ratio 0.5 (a DoubleHistogram; only 1.0 is supported)"),
        (v2(digits: 6), "histogram: 6 significant digits (0...5 allowed)"),
        (v2(lowest: 0), "histogram: lowest discernible value 0 (must be >= 1)"),
        (v2(lowest: 1000, highest: 1999), "histogram: highest trackable value 1999 below 2 x lowest (1000)"),
        (v2(lowest: 1 << 58, highest: Int64.max, payload: []),
         "histogram: 3 digits above lowest 288230376151711744 do not fit in 64 bits"),
        (v2(digits: 5, highest: Int64.max, payload: []),
         "histogram: shape 1...9223372036854775807 with 5 digits needs 6160384 counts (at most 4194304 accepted)"),
        (v2(payload: [0x02, 0x80]), "histogram: truncated varint in the counts"),
        // 0 digits, 1...2: 3 counts.
        (v2(digits: 0, highest: 2, payload: [0x00, 0x00, 0x00, 0x02]),
         "histogram: counts past the 3 counts of the shape"),
        (v2(digits: 0, highest: 2, payload: [0x09]),
         "histogram: a run of 5 zero counts at index 0 runs past the 3 counts"),
        // 1000 zeros, then a count of 2^62 - 1 at value 1000.
        (v2(payload: [0xcf, 0x0f, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
         "histogram: counts x values overflow 64 bits at index 1000"),
    ] as [([UInt8], String)])
    func malformedV2IsRefused(bytes: [UInt8], reason: String) {
        #expect(throws: HdrCodecError.malformed(reason)) { try HdrV2.decode(bytes) }
    }

    @Test func malformedCompressedFormsAreRefused() {
        let inner = Self.v2()
        let good = Self.compressed(inner)
        let cases: [([UInt8], String)] = [
            (Self.compressed(inner, length: 1000),
             "histogram: compressed length 1000 but \(good.count - 8) bytes follow"),
            (Self.compressed(inner, trailing: [1, 2]), "histogram: 2 bytes after the zlib stream"),
            (Array(good.dropLast(3)) + [0, 0, 0], "histogram: zlib: incorrect data check"),
            ([0x1c, 0x84, 0x93, 0x14, 0, 0, 0, 4, 0x78, 0x9c, 0x63, 0x00], "histogram: zlib stream truncated"),
            ([0x1c, 0x84, 0x93, 0x14, 0, 0, 0, 3, 1, 2, 3], "histogram: zlib: incorrect header check"),
            (Self.compressed(Self.v2(cookie: 0x1c84_9314)),
             "histogram: bad cookie 0x1c849314 inside the compressed form"),
            (Self.compressed(Array(inner.prefix(20))), "histogram: truncated in the lowest discernible value"),
        ]
        for (bytes, reason) in cases {
            #expect(throws: HdrCodecError.malformed(reason)) { try HdrV2.decode(bytes) }
        }
    }

    @Test func zipBombIsRefusedBeforeItInflates() throws {
        // 17 MiB of counts (one long run of zero varints) deflates to about 17 KiB.
        let inner = Self.v2(payload: [UInt8](repeating: 0x00, count: 17 << 20))
        let bomb = Self.compressed(inner)
        #expect(bomb.count < 64 * 1024)
        #expect(throws: HdrCodecError.malformed("histogram: decompresses to more than 16777216 bytes")) {
            try HdrV2.decode(bomb)
        }
    }
}
