import Messaging
import Testing

extension MessagingTests {
    @Suite("ROUTER and DEALER over TCP")
    struct RouterDealerTests {
        /// Three frames, one of them empty and one holding every byte value.
        static let request: [Frame] = [frame("run"), [], Array(0...255)]
        static let reply: [Frame] = [frame("ok"), [0, 0, 0, 42], frame("done")]

        @Test func multipartRoundTripCarriesTheDealerRoutingID() async throws {
            let (endpoint, atRouter, atDealer) = try await onOwnThread { () throws -> (String, [Frame]?, [Frame]?) in
                let context = try ZMQContext()
                let router = try ZMQSocket(context: context, type: .router)
                try router.setReceiveTimeout(2_000)
                try router.setSendTimeout(2_000)
                let endpoint = try router.bind("tcp://127.0.0.1:0")

                let dealer = try ZMQSocket(context: context, type: .dealer)
                try dealer.setRoutingID(frame("agent-1"))
                try dealer.setReceiveTimeout(2_000)
                try dealer.setSendTimeout(2_000)
                try dealer.connect(endpoint)

                try dealer.send(Self.request)
                let atRouter = try router.receive()
                if let routingID = atRouter?.first {
                    try router.send([routingID] + Self.reply)
                }
                let atDealer = try dealer.receive()
                return (endpoint, atRouter, atDealer)
            }
            #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
            #expect(!endpoint.hasSuffix(":0"))
            #expect(atRouter == [frame("agent-1")] + Self.request)
            #expect(atDealer == Self.reply)
        }

        @Test func maxMessageSizeDropsOversizedMessagesButNotLaterSmallOnes() async throws {
            let (afterBig, afterSmall) = try await onOwnThread { () throws -> ([Frame]?, [Frame]?) in
                let context = try ZMQContext()
                let router = try ZMQSocket(context: context, type: .router)
                try router.setMaxMessageSize(1_024)
                let endpoint = try router.bind("tcp://127.0.0.1:0")

                let big = try ZMQSocket(context: context, type: .dealer)
                try big.setSendTimeout(2_000)
                try big.connect(endpoint)
                try big.send([Frame(repeating: 7, count: 4_096)])
                try router.setReceiveTimeout(500)
                let afterBig = try router.receive()

                let small = try ZMQSocket(context: context, type: .dealer)
                try small.setRoutingID(frame("small"))
                try small.setSendTimeout(2_000)
                try small.connect(endpoint)
                try small.send([frame("hello")])
                try router.setReceiveTimeout(2_000)
                let afterSmall = try router.receive()
                return (afterBig, afterSmall)
            }
            #expect(afterBig.map { $0.map(\.count) } == nil, "frame sizes of a message that should have been dropped")
            #expect(afterSmall == [frame("small"), frame("hello")])
        }

        @Test func nonBlockingReceiveReturnsNilWhenNothingIsQueued() async throws {
            let (first, second) = try await onOwnThread { () throws -> ([Frame]?, [Frame]?) in
                let context = try ZMQContext()
                let pull = try ZMQSocket(context: context, type: .pull)
                let endpoint = try pull.bind("tcp://127.0.0.1:0")
                let push = try ZMQSocket(context: context, type: .push)
                try push.setSendTimeout(2_000)
                try push.connect(endpoint)

                let nothing = try pull.receive(dontWait: true)
                try push.send([frame("x")])
                try pull.setReceiveTimeout(2_000)
                let one = try pull.receive()
                return (nothing, one)
            }
            #expect(first == nil)
            #expect(second == [frame("x")])
        }
    }
}
