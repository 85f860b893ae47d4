#if canImport(Glibc)
import Glibc
#endif

/// A target of the fast path: the address to connect to, resolved once, and its request, serialized once and sent
/// as is by every connection of the target. Confined to the engine thread.
final class HTTPTarget {
    /// The URL, for messages.
    let url: String
    /// A `sockaddr_in` or `sockaddr_in6` of the host's first address; nil if the name did not resolve (each
    /// request then fails as a `connect` error, as libcurl's would).
    let address: UnsafeMutableRawBufferPointer?
    /// `GET target HTTP/1.1`, `Host` and `Accept: */*`: the request libcurl sends for the same URL.
    let request: UnsafeMutableRawBufferPointer

    /// Parses `url`, resolves its host once and serializes its request; refuses anything but `http://`.
    init(url: String) throws(FastEngineError) {
        guard let parts = HostResolver.parts(of: url), parts.scheme == "http" else {
            throw FastEngineError(description: "the fast engine serves http:// URLs only, not \(url)")
        }
        self.url = url
        address = Self.resolve(parts.host, port: parts.port)
        let host = parts.port == 80 ? parts.host : "\(parts.host):\(parts.port)"
        let text = Array("GET \(parts.target) HTTP/1.1\r\nHost: \(host)\r\nAccept: */*\r\n\r\n".utf8)
        request = .allocate(byteCount: text.count, alignment: 1)
        request.copyBytes(from: text)
    }

    deinit {
        request.deallocate()
        address?.deallocate()
    }

    /// The first address `getaddrinfo` gives for `host` (brackets of an IPv6 literal removed), as sockaddr bytes.
    private static func resolve(_ host: String, port: Int) -> UnsafeMutableRawBufferPointer? {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, String(port), &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let source = first.pointee.ai_addr else { return nil }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(first.pointee.ai_addrlen), alignment: 8)
        copy.copyMemory(from: UnsafeRawBufferPointer(start: source, count: Int(first.pointee.ai_addrlen)))
        return copy
    }
}
