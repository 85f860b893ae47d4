/// Which load engine runs a shard: the config's `load.engine`, carried to the agent in the shard.
public enum EngineChoice: String, Codable, Sendable, CaseIterable {
    /// The fast path where every target of the shard is `http://`, libcurl otherwise (the default).
    case auto
    /// The engine's own HTTP/1.1 event loop (epoll, keep-alive connections, `http://` only).
    case fast
    /// libcurl's multi interface (every scheme libcurl speaks, https among them).
    case curl

    /// The engine that runs for `urls`: `fast` or `curl`, never `auto`. `auto` picks `fast` only if every URL is
    /// `http://`; an explicit choice stays as it is (the fast engine then refuses a URL it cannot serve).
    public func resolved(for urls: [String]) -> EngineChoice {
        guard self == .auto else { return self }
        return !urls.isEmpty && urls.allSatisfy { $0.lowercased().hasPrefix("http://") } ? .fast : .curl
    }
}
