internal import CZeroMQ

/// A CURVE key pair in Z85 text (40 characters each), as ZeroMQ's encrypted transport uses it.
///
/// The coordinator's pair makes its ROUTER a CURVE server; agents pin the coordinator's public key
/// and bring a pair of their own. Keys are text so they can live in config files and flags.
public struct CurveKeyPair: Sendable, Equatable {
    /// Length of a Z85-encoded 32-byte CURVE key.
    public static let z85Length = 40

    /// The public key, safe to share (Z85, 40 characters).
    public let publicKey: String
    /// The secret key; keep it out of logs (Z85, 40 characters).
    public let secretKey: String

    /// Wraps keys that were generated earlier, e.g. read from a config file. Not validated here;
    /// the socket option setters reject malformed keys.
    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Creates a fresh random key pair (`zmq_curve_keypair`). Throws `ENOTSUP` when libzmq was built
    /// without CURVE (see ``ZMQContext/has(_:)``).
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicBuffer = [CChar](repeating: 0, count: z85Length + 1)
        var secretBuffer = [CChar](repeating: 0, count: z85Length + 1)
        try zmqCall("zmq_curve_keypair()") { zmq_curve_keypair(&publicBuffer, &secretBuffer) }
        return CurveKeyPair(publicKey: string(publicBuffer), secretKey: string(secretBuffer))
    }

    /// Derives the public key that belongs to a Z85 secret key (`zmq_curve_public`), so only the
    /// secret needs to be stored.
    public static func publicKey(forSecret secretKey: String) throws(ZMQError) -> String {
        let secret = Array(secretKey.utf8)
        // zmq_curve_public decodes into a 32-byte buffer without checking the length: guard here.
        guard secret.count == z85Length, !secret.contains(0) else {
            throw ZMQError(
                code: EINVAL,
                operation: "zmq_curve_public(secret key of \(secret.count) characters, need 40 Z85)"
            )
        }
        var publicBuffer = [CChar](repeating: 0, count: z85Length + 1)
        try zmqCall("zmq_curve_public()") {
            secretKey.withCString { zmq_curve_public(&publicBuffer, $0) }
        }
        return string(publicBuffer)
    }

    /// The text of a NUL-terminated C buffer.
    private static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
