import BenchCore
import Testing

/// Known-answer tests: FIPS 180-2 for SHA-256, RFC 4231 for HMAC-SHA256.
@Suite struct DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesFIPSVectors(input: String, expected: String) {
        #expect(Digest.hex(Digest.sha256(Array(input.utf8))) == expected)
    }

    @Test func hmacSHA256MatchesRFC4231Case1() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(Digest.hex(Digest.hmacSHA256(key: key, message: Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func hmacSHA256MatchesRFC4231Case2() {
        #expect(Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hmacWithAKeyLongerThanTheBlockIsHashedFirst() {
        // RFC 4231 case 6: a 131-byte key.
        let key = [UInt8](repeating: 0xaa, count: 131)
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(Digest.hex(Digest.hmacSHA256(key: key, message: message))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}
