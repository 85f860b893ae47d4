internal import CZeroMQ

/// Typed setters for the socket options ClusterBench needs, so callers never pass C constants or
/// option sizes. Each throws ``ZMQError`` naming the option (and its value, except for keys).
extension ZMQSocket {
    /// How long (ms) closing waits to flush unsent messages; -1 waits forever. Sockets start at 0.
    public func setLinger(_ milliseconds: Int) throws(ZMQError) {
        try setIntOption(ZMQ_LINGER, "ZMQ_LINGER", milliseconds)
    }

    /// Largest inbound message (bytes, all frames) a peer may send (`ZMQ_MAXMSGSIZE`); a peer that
    /// sends more is disconnected and the message dropped. -1 means no limit. Protects a ROUTER
    /// from a misbehaving or hostile peer's huge allocations.
    public func setMaxMessageSize(_ bytes: Int64) throws(ZMQError) {
        let socket = try liveHandle("zmq_setsockopt(ZMQ_MAXMSGSIZE, \(bytes))")
        var value = bytes
        try zmqCall("zmq_setsockopt(ZMQ_MAXMSGSIZE, \(bytes))") {
            zmq_setsockopt(socket, ZMQ_MAXMSGSIZE, &value, MemoryLayout<Int64>.size)
        }
    }

    /// The identity a ROUTER peer sees as the first frame of this socket's messages
    /// (`ZMQ_ROUTING_ID`, 1...255 bytes, not starting with a zero byte). Set before connecting.
    public func setRoutingID(_ id: Frame) throws(ZMQError) {
        let socket = try liveHandle("zmq_setsockopt(ZMQ_ROUTING_ID)")
        try zmqCall("zmq_setsockopt(ZMQ_ROUTING_ID, \(id.count) bytes)") {
            id.withUnsafeBytes { zmq_setsockopt(socket, ZMQ_ROUTING_ID, $0.baseAddress, $0.count) }
        }
    }

    /// Outbound queue limit in messages (`ZMQ_SNDHWM`, 0 = none); beyond it sends block or fail.
    public func setSendHighWaterMark(_ messages: Int) throws(ZMQError) {
        try setIntOption(ZMQ_SNDHWM, "ZMQ_SNDHWM", messages)
    }

    /// Inbound queue limit in messages (`ZMQ_RCVHWM`, 0 = none); beyond it peers are held back.
    public func setReceiveHighWaterMark(_ messages: Int) throws(ZMQError) {
        try setIntOption(ZMQ_RCVHWM, "ZMQ_RCVHWM", messages)
    }

    /// How long (ms) a blocking ``receive(dontWait:)`` waits before returning nil (`ZMQ_RCVTIMEO`);
    /// -1 waits forever (the default).
    public func setReceiveTimeout(_ milliseconds: Int) throws(ZMQError) {
        try setIntOption(ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO", milliseconds)
    }

    /// How long (ms) a blocking ``send(_:dontWait:)`` waits before throwing EAGAIN (`ZMQ_SNDTIMEO`);
    /// -1 waits forever (the default).
    public func setSendTimeout(_ milliseconds: Int) throws(ZMQError) {
        try setIntOption(ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO", milliseconds)
    }

    /// When on, a ROUTER send to an unknown routing id throws EHOSTUNREACH instead of silently
    /// dropping the message (`ZMQ_ROUTER_MANDATORY`), so lost agents are noticed.
    public func setRouterMandatory(_ on: Bool) throws(ZMQError) {
        try setIntOption(ZMQ_ROUTER_MANDATORY, "ZMQ_ROUTER_MANDATORY", on ? 1 : 0)
    }

    /// When on, messages are queued only to completed connections (`ZMQ_IMMEDIATE`), so a send
    /// before the peer is up blocks or fails instead of waiting in a queue.
    public func setImmediate(_ on: Bool) throws(ZMQError) {
        try setIntOption(ZMQ_IMMEDIATE, "ZMQ_IMMEDIATE", on ? 1 : 0)
    }

    /// Maximum time (ms) for the ZMTP (and CURVE) handshake of a new connection
    /// (`ZMQ_HANDSHAKE_IVL`, 0 = none); a peer that stalls is dropped.
    public func setHandshakeInterval(_ milliseconds: Int) throws(ZMQError) {
        try setIntOption(ZMQ_HANDSHAKE_IVL, "ZMQ_HANDSHAKE_IVL", milliseconds)
    }

    /// ZMTP heartbeats, so a dead peer is detected without application traffic: a PING every
    /// `interval` ms (`ZMQ_HEARTBEAT_IVL`), the connection dropped when no traffic arrives for
    /// `timeout` ms (`ZMQ_HEARTBEAT_TIMEOUT`), and `ttl` ms (`ZMQ_HEARTBEAT_TTL`, rounded down to
    /// tenths of a second by libzmq) asked of the remote side. 0 disables each.
    public func setHeartbeat(interval: Int, timeout: Int, ttl: Int) throws(ZMQError) {
        try setIntOption(ZMQ_HEARTBEAT_IVL, "ZMQ_HEARTBEAT_IVL", interval)
        try setIntOption(ZMQ_HEARTBEAT_TIMEOUT, "ZMQ_HEARTBEAT_TIMEOUT", timeout)
        try setIntOption(ZMQ_HEARTBEAT_TTL, "ZMQ_HEARTBEAT_TTL", ttl)
    }

    /// Makes this socket a CURVE server with the given Z85 secret key (40 characters): traffic is
    /// encrypted and clients must know the matching public key.
    ///
    /// Without a ZAP handler (none is installed by ClusterBench yet) libzmq accepts every client
    /// that knows the server's public key; client keys are not checked. Set before binding.
    public func setCurveServer(secretKey: String) throws(ZMQError) {
        // Key first: a malformed key then leaves the socket untouched.
        try setKeyOption(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY", secretKey)
        try setIntOption(ZMQ_CURVE_SERVER, "ZMQ_CURVE_SERVER", 1)
    }

    /// Makes this socket a CURVE client that only talks to the server holding the secret key of
    /// `serverPublicKey` (key pinning), identifying itself with `keyPair`. All keys Z85, 40
    /// characters. Set before connecting.
    public func setCurveClient(serverPublicKey: String, keyPair: CurveKeyPair) throws(ZMQError) {
        try setKeyOption(ZMQ_CURVE_SERVERKEY, "ZMQ_CURVE_SERVERKEY", serverPublicKey)
        try setKeyOption(ZMQ_CURVE_PUBLICKEY, "ZMQ_CURVE_PUBLICKEY", keyPair.publicKey)
        try setKeyOption(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY", keyPair.secretKey)
    }

    /// The ZAP authentication domain of this socket (`ZMQ_ZAP_DOMAIN`), for when a ZAP handler is
    /// added; with no handler running it has no effect on CURVE.
    public func setZAPDomain(_ domain: String) throws(ZMQError) {
        let socket = try liveHandle("zmq_setsockopt(ZMQ_ZAP_DOMAIN)")
        let bytes = Array(domain.utf8)
        try zmqCall("zmq_setsockopt(ZMQ_ZAP_DOMAIN, \"\(domain)\")") {
            bytes.withUnsafeBytes { zmq_setsockopt(socket, ZMQ_ZAP_DOMAIN, $0.baseAddress, $0.count) }
        }
    }

    /// Sets a C `int` option, rejecting values that do not fit with EINVAL.
    private func setIntOption(_ option: Int32, _ name: String, _ value: Int) throws(ZMQError) {
        let socket = try liveHandle("zmq_setsockopt(\(name), \(value))")
        guard var cValue = Int32(exactly: value) else {
            throw ZMQError(code: EINVAL, operation: "zmq_setsockopt(\(name), \(value))")
        }
        try zmqCall("zmq_setsockopt(\(name), \(value))") {
            zmq_setsockopt(socket, option, &cValue, MemoryLayout<Int32>.size)
        }
    }

    /// Sets a CURVE key given in Z85. The key text is deliberately kept out of the error.
    private func setKeyOption(_ option: Int32, _ name: String, _ z85: String) throws(ZMQError) {
        let socket = try liveHandle("zmq_setsockopt(\(name))")
        let bytes = Array(z85.utf8)
        guard bytes.count == CurveKeyPair.z85Length else {
            throw ZMQError(
                code: EINVAL,
                operation: "zmq_setsockopt(\(name), key of \(bytes.count) characters, need 40 Z85)"
            )
        }
        try zmqCall("zmq_setsockopt(\(name))") {
            bytes.withUnsafeBytes { zmq_setsockopt(socket, option, $0.baseAddress, $0.count) }
        }
    }
}
