internal import CEventLoop
import Wire

/// Connections opened before the start (`ShardOpen.connections`): the open model's pool begins with them, each
/// already connected and idle, as wrk2's connections are before its first request. Then the first arrivals, and the
/// burst after a stall, do not carry a connect (a round trip and the server's accept) in their latency.
extension FastEngineLoop {
    /// What opening the connections before the start gave.
    struct WarmUp: Equatable {
        /// Connections asked for.
        var asked = 0
        /// Connected and idle when the shard was ready.
        var connected = 0
        /// How long opening them took, in nanoseconds.
        var nanoseconds: UInt64 = 0
    }

    /// Opens the socket of every connection the open models made at set-up and waits, at most `limit` nanoseconds,
    /// for each to connect. A connection refused by one address tries the target's next, each once; one that
    /// fails or is still connecting at the limit is closed, and the first request that takes it opens it again.
    /// Runs before the start, on the thread preparing the shard: nothing is sent and nothing is recorded.
    func warmUp(limit: UInt64) -> WarmUp {
        let begin = MonotonicClock.now()
        var result = WarmUp()
        for connection in connections where isOpenModel(connection.target) {
            result.asked += 1
            connection.refusals = 0
            connect(connection)
        }
        let deadline = begin + limit
        while connections.contains(where: \.isConnecting) {
            let now = MonotonicClock.now()
            guard now < deadline else { break }
            poller.wait(timeout: deadline - now)
            for index in 0..<poller.count {
                let (token, flags) = poller.event(at: index)
                guard token != EventPoller.wakeToken else { poller.drainWakeUp(); continue }
                let connection = connections[Int(token)]
                guard connection.isConnecting, !flags.isDisjoint(with: [.output, .error, .hangUp]) else { continue }
                let error = cb_socket_error(connection.descriptor)
                if error == 0 {
                    connected(connection)
                } else if cb_errno_refused(error) != 0 {
                    retryNextAddress(connection)
                } else {
                    abandon(connection)
                }
            }
        }
        for connection in connections {
            if connection.isConnecting { abandon(connection) }
            connection.refusals = 0
        }
        result.connected = connections.filter { isOpenModel($0.target) && $0.descriptor >= 0 }.count
        result.nanoseconds = MonotonicClock.now() - begin
        return result
    }

    private func isOpenModel(_ target: Int) -> Bool {
        if case .open = models[target] { true } else { false }
    }

    /// Starts connecting `connection` (`startConnect`, as a request's socket is opened); left connected, connecting,
    /// or closed again (idle, no socket) if the attempt failed at once and no other address is left.
    private func connect(_ connection: Connection) {
        switch startConnect(connection) {
        case .connected: connected(connection)
        case .connecting: connection.state = .connecting
        case .refused: retryNextAddress(connection)
        case .noAddress, .failed: break
        }
    }

    /// The address refused: moves the target on and tries its next address if this connection has not tried them
    /// all (`noteRefusal`, as a request does); closed and idle if it has.
    private func retryNextAddress(_ connection: Connection) {
        connection.state = .idle
        if noteRefusal(connection) { connect(connection) }
    }

    /// Connected: idle and kept, watched for input only (level-triggered polling), ready for its first request.
    private func connected(_ connection: Connection) {
        connection.state = .idle
        if connection.watchingWritable {
            connection.watchingWritable = false
            poller.wantWritable(connection.descriptor, token: connection.index, false)
        }
    }

    private func abandon(_ connection: Connection) {
        closeSocket(connection)
        connection.state = .idle
    }
}
