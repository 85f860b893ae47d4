#if canImport(Glibc)
import Glibc
#endif

/// A one-shot client for a Unix stream socket: connect, send a command, read until the server closes. Enough for
/// HAProxy's stats socket, which answers one command per connection in its default (non-interactive) mode.
enum UnixSocketClient {
    /// Sends `command` (a newline is added) to the socket at `path` and returns everything the server sent before
    /// closing. Each connect, send and receive gives up after `timeout`.
    static func request(path: String, command: String, timeout: Duration = .seconds(2)) throws(Failure) -> String {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { throw Failure("socket path is too long (\(pathBytes.count) bytes)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }

        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: \(systemError())") }
        defer { close(fd) }
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard connected else { throw Failure("connect: \(systemError())") }

        let request = Array((command + "\n").utf8)
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes {
                send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure("send: \(systemError())")
            }
            sent += count
        }

        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(errno == EAGAIN ? "no answer within \(timeout)" : "receive: \(systemError())")
            }
            if count == 0 { break }
            answer.append(contentsOf: buffer[0..<count])
            guard answer.count < 16 << 20 else { throw Failure("answer larger than 16 MiB") }
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Why a request failed (without the socket path, which the caller adds).
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
