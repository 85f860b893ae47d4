import Foundation
import Glibc

/// A minimal blocking HTTP/1.1 client for tests: one kept-alive TCP connection to 127.0.0.1, GET only, bodies
/// framed by Content-Length (what gunicorn and HAProxy send here). Every receive gives up after 5 s.
final class HTTPTestClient {
    /// One response.
    struct Response {
        var status: Int
        /// Header names lowercased.
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    let port: Int

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        self.port = port
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var limit = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw Failure(description: "cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    /// Splits "http://127.0.0.1:PORT/path" into port and path.
    static func parse(url: String) throws -> (port: Int, path: String) {
        let prefix = "http://127.0.0.1:"
        guard url.hasPrefix(prefix) else { throw Failure(description: "not a loopback URL: \(url)") }
        let rest = url.dropFirst(prefix.count)
        let portText = rest.prefix { $0.isNumber }
        guard let port = Int(portText) else { throw Failure(description: "no port in \(url)") }
        let path = String(rest.dropFirst(portText.count))
        return (port, path.isEmpty ? "/" : path)
    }

    /// Sends `GET path` on the kept-alive connection and reads the whole response.
    func get(_ path: String) throws -> Response {
        let request = Array(
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: clusterbench-tests\r\n\r\n".utf8
        )
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { throw Failure(description: "send failed") }

        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = buffer.indices.dropLast(3).first { buffer[$0..<($0 + 4)].elementsEqual(separator) }
            if headerEnd == nil { try receive() }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        buffer.removeFirst(headerEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line in \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingSpaces()
        }
        guard let length = headers["content-length"].flatMap({ Int($0) }) else {
            throw Failure(description: "no Content-Length in \(head)")
        }
        while buffer.count < length { try receive() }
        let body = String(decoding: buffer[0..<length], as: UTF8.self)
        buffer.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    private func receive() throws {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            throw Failure(
                description: count == 0 ? "connection closed" : "receive: \(String(cString: strerror(errno)))"
            )
        }
        buffer.append(contentsOf: chunk[0..<count])
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
