internal import CZeroMQ
import Foundation
import Synchronization

/// ZeroMQ's authentication hook (ZAP, RFC 27) for CURVE: a REP socket at `inproc://zeromq.zap.01` of the context
/// that answers every handshake with 200 for a client public key on the allowed list and 400 for any other, on a
/// thread of its own. It is bound when created, before any CURVE server socket of the context binds, so no
/// handshake can slip past it.
public final class ZAPHandler: Sendable {
    /// The ZAP endpoint libzmq asks.
    public static let endpoint = "inproc://zeromq.zap.01"

    /// One handshake the handler answered.
    public struct Decision: Sendable, Equatable {
        /// The client's CURVE public key (Z85).
        public var publicKey: String
        /// The client's address (`127.0.0.1` ...).
        public var address: String
        /// Whether it was let in.
        public var allowed: Bool
    }

    private let allowed: Set<String>
    private let stopping = Atomic<Bool>(false)
    private let done = Mutex<Bool>(false)
    private let decisions = Mutex<[Decision]>([])
    private let onDecision: @Sendable (Decision) -> Void

    /// Binds the ZAP endpoint in `context` and starts answering on a thread of its own; `allowed` holds the Z85
    /// public keys let in. `onDecision` is called on the handler's thread for every handshake.
    public init(
        context: ZMQContext, allowed: Set<String>, onDecision: @escaping @Sendable (Decision) -> Void = { _ in }
    ) throws(ZMQError) {
        self.allowed = allowed
        self.onDecision = onDecision
        let socket = try ZMQSocket(context: context, type: .rep)
        try socket.bind(Self.endpoint)
        let thread = Thread { [self] in serve(socket) }
        thread.name = "zap"
        thread.start()
    }

    /// Every handshake answered so far.
    public var answered: [Decision] { decisions.withLock { $0 } }

    /// Stops the thread and closes its socket; waits until it has.
    public func stop() {
        stopping.store(true, ordering: .releasing)
        while !done.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.005) }
    }

    private func serve(_ socket: ZMQSocket) {
        defer {
            socket.close()
            done.withLock { $0 = true }
        }
        var poller = ZMQPoller()
        let index = poller.add(socket)
        while !stopping.load(ordering: .acquiring) {
            guard let ready = try? poller.poll(timeout: .milliseconds(50)), ready.contains(index),
                let request = try? socket.receive(dontWait: true)
            else { continue }
            // version, request id, domain, address, identity, mechanism, credentials...
            guard request.count >= 6 else { continue }
            let mechanism = String(decoding: request[5], as: UTF8.self)
            let key = request.count >= 7 && request[6].count == 32 ? Self.z85(request[6]) : ""
            let admit = mechanism == "CURVE" && allowed.contains(key)
            let decision = Decision(
                publicKey: key, address: String(decoding: request[3], as: UTF8.self), allowed: admit)
            decisions.withLock { $0.append(decision) }
            onDecision(decision)
            let status = admit ? "200" : "400"
            let text = admit ? "OK" : "public key not on the list of agents"
            _ = try? socket.send([
                Array("1.0".utf8), request[1], Array(status.utf8), Array(text.utf8), Array(key.prefix(8).utf8), [],
            ])
        }
    }

    /// The Z85 text of a 32-byte key.
    public static func z85(_ key: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: key.count * 5 / 4 + 1)
        let ok = key.withUnsafeBufferPointer { zmq_z85_encode(&buffer, $0.baseAddress, $0.count) != nil }
        guard ok else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
