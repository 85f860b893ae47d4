import Messaging
import Testing

extension MessagingTests {
    @Suite(
        "CURVE encryption",
        .needsSetUp(
            ZMQContext.has("curve"), "needs a libzmq built with CURVE (zmq_has(\"curve\") is 0): run scripts/setup.sh")
    )
    struct CurveTests {
        @Test func clientPinningTheServerKeyTalksAndAWrongPinGetsNothingThrough() async throws {
            let (atServer, atClient, fromIntruder) = try await onOwnThread {
                () throws -> ([Frame]?, [Frame]?, [Frame]?) in
                let context = try ZMQContext()
                let serverKeys = try CurveKeyPair.generate()
                let router = try ZMQSocket(context: context, type: .router)
                try router.setCurveServer(secretKey: serverKeys.secretKey)
                try router.setSendTimeout(2_000)
                let endpoint = try router.bind("tcp://127.0.0.1:0")

                let client = try ZMQSocket(context: context, type: .dealer)
                try client.setCurveClient(serverPublicKey: serverKeys.publicKey, keyPair: try CurveKeyPair.generate())
                try client.setRoutingID(frame("client"))
                try client.setReceiveTimeout(2_000)
                try client.setSendTimeout(2_000)
                try client.connect(endpoint)
                try client.send([frame("ping")])
                try router.setReceiveTimeout(2_000)
                let atServer = try router.receive()
                if let routingID = atServer?.first {
                    try router.send([routingID, frame("pong")])
                }
                let atClient = try client.receive()

                let intruder = try ZMQSocket(context: context, type: .dealer)
                let wrongServerKey = try CurveKeyPair.generate().publicKey
                try intruder.setCurveClient(serverPublicKey: wrongServerKey, keyPair: try CurveKeyPair.generate())
                try intruder.setSendTimeout(2_000)
                try intruder.connect(endpoint)
                try intruder.send([frame("let me in")])
                try router.setReceiveTimeout(1_000)
                let fromIntruder = try router.receive()
                return (atServer, atClient, fromIntruder)
            }
            #expect(atServer == [frame("client"), frame("ping")])
            #expect(atClient == [frame("pong")])
            #expect(fromIntruder == nil)
        }
    }
}
