/// Checks a ZeroMQ `tcp://HOST:PORT` endpoint that the coordinator is to bind.
///
/// A host beyond loopback (`127.x.x.x`, `localhost`, `[::1]`) is reported as `.notLoopback`: the loader accepts it
/// only with CURVE keys (`agents.keys`) or `agents.insecure`.
enum ZeroMQEndpoint {
    /// What is wrong with an endpoint.
    enum Problem: Equatable {
        /// Not of the form `tcp://HOST:PORT`.
        case malformed
        /// The port is not a number from 0 to 65535.
        case badPort
        /// The host is not a loopback address.
        case notLoopback
    }

    /// The problem with `text` as a bind endpoint, or nil if it can be bound.
    static func problem(_ text: String) -> Problem? {
        guard text.hasPrefix("tcp://") else { return .malformed }
        let rest = text.dropFirst("tcp://".count)
        let host: Substring
        let port: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .malformed }
            host = rest[...close]
            let afterHost = rest[rest.index(after: close)...]
            guard afterHost.hasPrefix(":") else { return .malformed }
            port = afterHost.dropFirst()
            let inner = host.dropFirst().dropLast()
            guard !inner.isEmpty,
                inner.utf8.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { return .malformed }
        } else {
            guard let colon = rest.lastIndex(of: ":") else { return .malformed }
            host = rest[..<colon]
            port = rest[rest.index(after: colon)...]
            guard !host.isEmpty, host == "*" || host.utf8.allSatisfy(isHostByte) else { return .malformed }
        }
        guard !port.isEmpty, port.utf8.count <= 5, port.utf8.allSatisfy(isDigit), let number = Int(port),
            number <= 65535
        else { return .badPort }
        return isLoopback(host) ? nil : .notLoopback
    }

    /// `localhost`, `[::1]` or a dotted IPv4 address in 127.0.0.0/8.
    static func isLoopback(_ host: Substring) -> Bool {
        if host.lowercased() == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4,
            octets.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 3 && $0.utf8.allSatisfy(isDigit) && Int($0)! <= 255 })
        else { return false }
        return octets[0] == "127"
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
