import Messaging
import Testing

extension MessagingTests {
    @Suite(
        "CurveKeyPair",
        .needsSetUp(
            ZMQContext.has("curve"), "needs a libzmq built with CURVE (zmq_has(\"curve\") is 0): run scripts/setup.sh")
    )
    struct CurveKeyPairTests {
        static let z85Alphabet = Set(
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"
        )

        @Test func generatedKeysAre40CharacterZ85() throws {
            let pair = try CurveKeyPair.generate()
            #expect(pair.publicKey.count == 40)
            #expect(pair.secretKey.count == 40)
            #expect(pair.publicKey.allSatisfy(Self.z85Alphabet.contains))
            #expect(pair.secretKey.allSatisfy(Self.z85Alphabet.contains))
            #expect(pair != (try CurveKeyPair.generate()))
        }

        @Test func publicKeyIsDerivedFromTheSecret() throws {
            let pair = try CurveKeyPair.generate()
            #expect(try CurveKeyPair.publicKey(forSecret: pair.secretKey) == pair.publicKey)
        }

        @Test func malformedSecretIsRejectedWithoutEchoingIt() throws {
            let error = #expect(throws: ZMQError.self) {
                try CurveKeyPair.publicKey(forSecret: "too-short-secret")
            }
            #expect(
                error?.description
                    == "zmq_curve_public(secret key of 16 characters, need 40 Z85) failed: Invalid argument (errno 22)"
            )
        }
    }
}
