internal import CEventLoop

/// The socket side of the fast engine: connect, write the request, read and parse the response, and what each
/// failure counts as (`connect` for a refused or unreachable peer, `reset` for a connection that broke or closed
/// before the response was complete, `other` for a response the parser refuses: a protocol error).
extension FastEngineLoop {
    /// How a non-blocking connect began.
    enum ConnectStart {
        /// Connected at once, or under way: the socket is open and watched.
        case connected, connecting
        /// The target has no address, the address refused (or is unreachable), or another failure: no socket.
        case noAddress, refused, failed
    }

    /// Starts a non-blocking connect of `connection` to its target's preferred address and, unless it failed at
    /// once, watches the new socket (readable, writable, peer shutdown).
    func startConnect(_ connection: Connection) -> ConnectStart {
        let target = targets[connection.target]
        guard !target.addresses.isEmpty else { return .noAddress }
        let address = target.addresses[target.preferred]
        connection.addressIndex = target.preferred
        var descriptor: Int32 = -1
        let result = cb_tcp_connect(address.baseAddress, UInt32(address.count), &descriptor)
        guard result == 0 || cb_errno_in_progress(result) != 0 else {
            return cb_errno_refused(result) != 0 ? .refused : .failed
        }
        connection.descriptor = descriptor
        connection.written = 0
        connection.watchingWritable = true
        poller.watch(descriptor, token: connection.index)
        return result == 0 ? .connected : .connecting
    }

    /// Opens a new socket for `connection`'s request; the request goes once it is connected.
    func open(_ connection: Connection) {
        switch startConnect(connection) {
        case .connected: write(connection)
        case .connecting: connection.state = .connecting
        case .noAddress: fail(connection, .connect)
        case .refused: refused(connection)
        case .failed: fail(connection, .other)
        }
    }

    /// Handles one epoll event of `connection`'s socket.
    func handle(_ connection: Connection, _ flags: EventFlags) {
        switch connection.state {
        case .connecting:
            guard !flags.isDisjoint(with: [.output, .error, .hangUp]) else { return }
            let error = cb_socket_error(connection.descriptor)
            guard error == 0 else {
                if cb_errno_refused(error) != 0 { return refused(connection) }
                return fail(connection, cb_errno_timed_out(error) != 0 ? .timeout : .reset)
            }
            write(connection)
            if case .reading = connection.state, flags.contains(.input) { read(connection, flags) }
        case .writing:
            guard !flags.isDisjoint(with: [.output, .error, .hangUp]) else { return }
            write(connection)
            if case .reading = connection.state, flags.contains(.input) { read(connection, flags) }
        case .reading:
            guard !flags.isDisjoint(with: [.input, .error, .hangUp, .peerShutdown]) else { return }
            read(connection, flags)
        case .idle:
            // An idle keep-alive socket that the server closed (or that sent bytes nobody asked for) is closed, so
            // the next request opens a new one instead of failing on this one. A readable edge can also be left
            // over from the response just read (its last bytes arrived while it was being read): then there is
            // nothing to read, and the socket stays.
            guard connection.descriptor >= 0 else { return }
            if flags.isDisjoint(with: [.error, .hangUp, .peerShutdown]) {
                guard flags.contains(.input) else { return }
                let result = cb_read(connection.descriptor, buffer.baseAddress, UInt(buffer.count))
                if cb_errno_again(Int32(truncatingIfNeeded: result)) != 0 { return }
            }
            closeSocket(connection)
        case .failing:
            break
        }
    }

    /// Writes what is left of the request; waits for writability if the socket takes only part of it.
    func write(_ connection: Connection) {
        let request = targets[connection.target].request
        connection.state = .writing
        while connection.written < request.count {
            let result = cb_write(
                connection.descriptor, request.baseAddress! + connection.written,
                UInt(request.count - connection.written))
            if result > 0 {
                connection.written += result
            } else if cb_errno_again(Int32(truncatingIfNeeded: result)) != 0 {
                setWritable(connection, true)
                return
            } else {
                return broke(connection)
            }
        }
        setWritable(connection, false)
        connection.state = .reading
    }

    /// Reads and parses until the response is complete or the socket has nothing more for now. A read shorter
    /// than the buffer emptied the socket, so edge-triggered polling will report the next bytes; after the peer
    /// shut down (no edge will follow) it reads on until the end of the stream.
    func read(_ connection: Connection, _ flags: EventFlags) {
        let untilEnd = !flags.isDisjoint(with: [.peerShutdown, .hangUp, .error])
        while true {
            let result = cb_read(connection.descriptor, buffer.baseAddress, UInt(buffer.count))
            if result > 0 {
                connection.received += result
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<result])
                switch connection.parser.consume(bytes) {
                case .needMore:
                    if result < buffer.count && !untilEnd { return }
                case .complete(let consumed):
                    // One request in flight: bytes past the response are not ours; the connection is closed.
                    return respond(connection, closing: consumed < result || !connection.parser.keepAlive)
                case .failed(let error):
                    return fail(connection, Self.kind(of: error))
                }
            } else if result == 0 {
                switch connection.parser.consumeEndOfStream() {
                case .complete: return respond(connection, closing: true)
                case .failed(let error) where error != .closedBeforeResponse: return fail(connection, Self.kind(of: error))
                default: return broke(connection)
                }
            } else if cb_errno_again(Int32(truncatingIfNeeded: result)) != 0 {
                return
            } else {
                return broke(connection)
            }
        }
    }

    /// The address refused the connection (or is unreachable): the request tries the target's next address, each
    /// once, and only when every one has refused is it a `connect` error. The next address that accepts is where
    /// the target's new sockets go from then on.
    func refused(_ connection: Connection) {
        guard noteRefusal(connection) else { return fail(connection, .connect) }
        open(connection)
    }

    /// Closes the socket of `connection`, whose address refused, moves its target's new sockets on from that address,
    /// and says whether the connection has an address left to try.
    func noteRefusal(_ connection: Connection) -> Bool {
        let target = targets[connection.target]
        closeSocket(connection)
        connection.refusals += 1
        target.refused(at: connection.addressIndex)
        return connection.refusals < target.addresses.count
    }

    /// The socket broke or closed. A socket that was open before the request and gave nothing of its response was
    /// closed by the server as the request left: reopen it and send again, once, as libcurl does. Anything else
    /// is a `reset`.
    func broke(_ connection: Connection) {
        guard connection.reusedSocket, connection.received == 0, !connection.retried else {
            return fail(connection, .reset)
        }
        connection.retried = true
        closeSocket(connection)
        connection.parser.expectResponse(toHead: false)
        open(connection)
    }

    func closeSocket(_ connection: Connection) {
        guard connection.descriptor >= 0 else { return }
        cb_close(connection.descriptor)
        connection.descriptor = -1
    }

    private func setWritable(_ connection: Connection, _ writable: Bool) {
        guard connection.watchingWritable != writable else { return }
        connection.watchingWritable = writable
        poller.wantWritable(connection.descriptor, token: connection.index, writable)
    }

    /// A parser failure: a response cut short is a `reset`, anything else a protocol error (`other`, as libcurl's
    /// CURLE_WEIRD_SERVER_REPLY is).
    static func kind(of error: HTTP1ParseError) -> ErrorKind {
        switch error {
        case .truncated, .closedBeforeResponse: .reset
        default: .other
        }
    }
}
