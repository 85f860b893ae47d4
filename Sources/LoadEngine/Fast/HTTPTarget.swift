#if canImport(Glibc)
import Glibc
#endif

/// A target of the fast path: the addresses to connect to, resolved once, and its request, serialized once and sent
/// as is by every connection of the target. Confined to the engine thread.
final class HTTPTarget {
    /// The URL, for messages.
    let url: String
    /// Every address `getaddrinfo` gives for the host, in its order, as `sockaddr_in` or `sockaddr_in6` bytes;
    /// empty if the name did not resolve (each request then fails as a `connect` error, as libcurl's would).
    let addresses: [UnsafeMutableRawBufferPointer]
    /// The address new sockets go to: the first, until it refuses a connection; then the next one that accepts
    /// (libcurl also moves on to a host's next address when one refuses).
    var preferred = 0
    /// `GET target HTTP/1.1`, `Host` and `Accept: */*`: the request libcurl sends for the same URL.
    let request: UnsafeMutableRawBufferPointer

    /// Parses `url`, resolves its host once (or, for tests, the numeric `hosts` given instead, in that order) and
    /// serializes its request; refuses anything but `http://`.
    init(url: String, hosts: [String]? = nil) throws(FastEngineError) {
        guard let parts = HostResolver.parts(of: url), parts.scheme == "http" else {
            throw FastEngineError(description: "the fast engine serves http:// URLs only, not \(url)")
        }
        self.url = url
        addresses = (hosts ?? [parts.host]).flatMap { HostResolver.socketAddresses(of: $0, port: parts.port) }.map {
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: $0.count, alignment: 8)
            copy.copyBytes(from: $0)
            return copy
        }
        let host = parts.port == 80 ? parts.host : "\(parts.host):\(parts.port)"
        let text = Array("GET \(parts.target) HTTP/1.1\r\nHost: \(host)\r\nAccept: */*\r\n\r\n".utf8)
        request = .allocate(byteCount: text.count, alignment: 1)
        request.copyBytes(from: text)
    }

    deinit {
        request.deallocate()
        for address in addresses { address.deallocate() }
    }

    /// Moves new sockets on from the address at `index`, which refused a connection (unless another connection
    /// already did).
    func refused(at index: Int) {
        if preferred == index, !addresses.isEmpty { preferred = (index + 1) % addresses.count }
    }
}
