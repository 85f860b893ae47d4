import Messaging
import Testing

extension MessagingTests {
    @Suite("ZMQError")
    struct ZMQErrorTests {
        @Test func malformedConnectEndpointNamesTheEndpointAndTheCall() throws {
            let context = try ZMQContext()
            let dealer = try ZMQSocket(context: context, type: .dealer)
            let error = #expect(throws: ZMQError.self) { try dealer.connect("tcp://not a url") }
            #expect(error?.operation == "zmq_connect(\"tcp://not a url\")")
            #expect(error?.description == "zmq_connect(\"tcp://not a url\") failed: Invalid argument (errno 22)")
        }

        @Test func bindingABoundPortSaysAddressAlreadyInUse() throws {
            let context = try ZMQContext()
            let first = try ZMQSocket(context: context, type: .router)
            let endpoint = try first.bind("tcp://127.0.0.1:0")
            let second = try ZMQSocket(context: context, type: .router)
            let error = #expect(throws: ZMQError.self) { try second.bind(endpoint) }
            #expect(error?.message == "Address already in use")
            #expect(error?.description == "zmq_bind(\"\(endpoint)\") failed: Address already in use (errno 98)")
        }

        @Test func closeIsIdempotentAndLaterCallsThrow() throws {
            let context = try ZMQContext()
            let socket = try ZMQSocket(context: context, type: .push)
            socket.close()
            socket.close()
            let error = #expect(throws: ZMQError.self) { try socket.send([frame("late")]) }
            #expect(
                error?.description
                    == "zmq_send(PUSH) on a closed socket failed: Socket operation on non-socket (errno 88)"
            )
        }

        @Test func malformedCurveKeyIsRejectedWithoutEchoingIt() throws {
            let context = try ZMQContext()
            let router = try ZMQSocket(context: context, type: .router)
            let error = #expect(throws: ZMQError.self) { try router.setCurveServer(secretKey: "secret!") }
            #expect(error.map { !$0.description.contains("secret!") } == true)
            #expect(error?.operation == "zmq_setsockopt(ZMQ_CURVE_SECRETKEY, key of 7 characters, need 40 Z85)")
        }

        @Test func optionValueOutOfRangeIsRejected() throws {
            let context = try ZMQContext()
            let dealer = try ZMQSocket(context: context, type: .dealer)
            let error = #expect(throws: ZMQError.self) { try dealer.setSendHighWaterMark(Int(Int32.max) + 1) }
            #expect(error?.description == "zmq_setsockopt(ZMQ_SNDHWM, 2147483648) failed: Invalid argument (errno 22)")
        }

        @Test func versionIsLibzmq4() {
            #expect(ZMQContext.version.major == 4)
            #expect(ZMQContext.version.minor >= 3)
        }
    }
}
