internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// Resolves the host names of a shard's URLs once, before the load starts, into `CURLOPT_RESOLVE` entries.
///
/// Every easy handle of the shard gets the entries (and a DNS cache that never expires), so no request of the load
/// waits for a name lookup and every request of a target goes to the same addresses. Hosts written as IP
/// addresses need no entry. A name that does not resolve gets no entry either: its requests then fail in libcurl
/// and are counted as `connect` errors.
enum HostResolver {
    /// `host:port:address[,address...]` for every distinct named host and port among `urls`.
    static func resolveEntries(for urls: [String]) -> [String] {
        var entries: [String] = []
        var seen: Set<String> = []
        for url in urls {
            guard let (host, port) = hostAndPort(url), !isAddressLiteral(host) else { continue }
            let key = "\(host):\(port)"
            guard seen.insert(key).inserted else { continue }
            let addresses = lookUp(host, port: port)
            if !addresses.isEmpty { entries.append("\(key):" + addresses.joined(separator: ",")) }
        }
        return entries
    }

    /// The host (IPv6 in brackets, as libcurl writes it) and port (the scheme's default if none) of `url`.
    static func hostAndPort(_ url: String) -> (String, Int)? {
        parts(of: url).map { ($0.host, $0.port) }
    }

    /// The scheme, host (IPv6 in brackets), port (the scheme's default if none) and request target (path and query)
    /// of `url`, as libcurl's URL parser reads them.
    static func parts(of url: String) -> (scheme: String, host: String, port: Int, target: String)? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        func part(_ which: CURLUPart, _ flags: UInt32) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        guard let scheme = part(CURLUPART_SCHEME, 0), let host = part(CURLUPART_HOST, 0),
            let port = part(CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)).flatMap(Int.init)
        else { return nil }
        let path = part(CURLUPART_PATH, 0) ?? "/"
        let target = part(CURLUPART_QUERY, 0).map { path + "?" + $0 } ?? path
        return (scheme.lowercased(), host, port, target)
    }

    private static func isAddressLiteral(_ host: String) -> Bool {
        if host.hasPrefix("[") { return true }
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1
    }

    /// The addresses `getaddrinfo` gives for `host`, in its order, without repeats; IPv6 in brackets.
    private static func lookUp(_ host: String, port: Int) -> [String] {
        socketAddresses(of: host, port: port).compactMap(text(of:))
    }

    /// Every address `getaddrinfo` gives for `host` (brackets of an IPv6 literal removed) and `port`, in its order,
    /// without repeats, as the bytes of a `sockaddr_in` or `sockaddr_in6`; empty if the name does not resolve. The
    /// one name lookup of both engines: libcurl gets them as text (`lookUp`), the fast path connects to them.
    static func socketAddresses(of host: String, port: Int) -> [[UInt8]] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, String(port), &hints, &result) == 0 else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [[UInt8]] = []
        var cursor = result
        while let info = cursor {
            cursor = info.pointee.ai_next
            guard let address = info.pointee.ai_addr else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(info.pointee.ai_addrlen)))
            if !addresses.contains(bytes) { addresses.append(bytes) }
        }
        return addresses
    }

    /// An IPv4 address as `a.b.c.d`, an IPv6 one as `[...]`, from its sockaddr bytes; nil for another family.
    private static func text(of address: [UInt8]) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        return address.withUnsafeBytes { raw -> String? in
            guard let base = raw.baseAddress else { return nil }
            switch Int32(raw.load(fromByteOffset: 0, as: sa_family_t.self)) {
            case AF_INET:
                var inet = base.loadUnaligned(as: sockaddr_in.self).sin_addr
                return inet_ntop(AF_INET, &inet, &buffer, socklen_t(buffer.count)).map { _ in String(cString: buffer) }
            case AF_INET6:
                var inet6 = base.loadUnaligned(as: sockaddr_in6.self).sin6_addr
                return inet_ntop(AF_INET6, &inet6, &buffer, socklen_t(buffer.count))
                    .map { _ in "[" + String(cString: buffer) + "]" }
            default:
                return nil
            }
        }
    }
}
