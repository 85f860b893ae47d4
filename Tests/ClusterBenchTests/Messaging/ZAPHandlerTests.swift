import Dispatch
import Messaging
import Testing

extension MessagingTests {
    /// The coordinator's ZAP handler lets in only the listed agent keys; a client that pins another server key never
    /// gets a message through.
    @Suite(
        "ZAP handler",
        .enabled(if: ZMQContext.has("curve"), "skipped: this libzmq was built without CURVE (zmq_has(\"curve\") is 0)")
    )
    struct ZAPHandlerTests {
        @Test func onlyListedAgentKeysGetIn() async throws {
            let listed = try CurveKeyPair.generate()
            let unlisted = try CurveKeyPair.generate()
            let (admitted, leaked, decisions) = try await onOwnThread {
                () throws -> ([Frame]?, [Frame]?, [ZAPHandler.Decision]) in
                let context = try ZMQContext()
                let server = try CurveKeyPair.generate()
                let answered = DispatchSemaphore(value: 0)
                let zap = try ZAPHandler(context: context, allowed: [listed.publicKey]) { _ in answered.signal() }
                defer { zap.stop() }
                let router = try ZMQSocket(context: context, type: .router)
                try router.setCurveServer(secretKey: server.secretKey)
                try router.setReceiveTimeout(20_000)
                let endpoint = try router.bind("tcp://127.0.0.1:0")

                var clients: [ZMQSocket] = []
                defer { for client in clients { client.close() } }
                for (name, keys) in [("listed", listed), ("unlisted", unlisted)] {
                    let client = try ZMQSocket(context: context, type: .dealer)
                    try client.setCurveClient(serverPublicKey: server.publicKey, keyPair: keys)
                    try client.setRoutingID(frame(name))
                    try client.connect(endpoint)
                    try client.send([frame("hello from \(name)")])
                    clients.append(client)
                    // One handshake answered before the next client starts, so the decisions are in order.
                    _ = answered.wait(timeout: .now() + 20)
                }
                let admitted = try router.receive()
                let leaked = try router.receive(dontWait: true)
                return (admitted, leaked, zap.answered)
            }
            #expect(admitted == [frame("listed"), frame("hello from listed")])
            #expect(leaked == nil)
            #expect(decisions.map(\.publicKey) == [listed.publicKey, unlisted.publicKey])
            #expect(decisions.map(\.allowed) == [true, false])
            #expect(decisions.map(\.address) == ["127.0.0.1", "127.0.0.1"])
        }

        @Test func z85OfAKeysBytesIsItsText() throws {
            // RFC 32's test vector.
            let bytes: [UInt8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]
            #expect(ZAPHandler.z85(bytes) == "HelloWorld")
        }
    }
}
