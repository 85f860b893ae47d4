#if canImport(Glibc)
import Glibc
#endif

/// Free TCP ports on 127.0.0.1, found by letting the kernel pick (bind to port 0).
enum LoopbackPorts {
    /// `count` distinct free ports. All probe sockets stay bound until every port is chosen, so no two are alike;
    /// the ports are free again when this returns, for the processes that will listen on them. (Another process
    /// could take one in between; the instance then fails its health check with "Address already in use" in its
    /// log.)
    static func reserve(_ count: Int) throws(ProviderError) -> [Int] {
        var sockets: [Int32] = []
        defer { for fd in sockets { close(fd) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw .provisionFailed("cannot find a free port: socket: \(systemError())") }
            sockets.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
                }
            }
            guard bound else { throw .provisionFailed("cannot find a free port on 127.0.0.1: \(systemError())") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }
}

/// The current `errno` as text.
func systemError(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
