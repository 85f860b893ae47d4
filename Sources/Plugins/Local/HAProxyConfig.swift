/// The HAProxy configuration of a local deployment: one frontend on 127.0.0.1 that routes each cluster's path to
/// a backend named after the cluster, round robin over its instances, with fast HTTP health checks.
struct HAProxyConfig: Sendable {
    /// One backend (cluster) to route.
    struct Backend: Sendable {
        /// Cluster name, used as backend name.
        var name: String
        /// Path routed to it: exactly `path`, and everything under `path/`.
        var path: String
        /// Servers: instance id and port on 127.0.0.1.
        var servers: [(id: String, port: Int)]
    }

    /// Run id, named in the header comment.
    var runID: String
    /// Port of the frontend on 127.0.0.1.
    var frontendPort: Int
    /// Path of the admin stats socket.
    var statsSocket: String
    /// The clusters.
    var backends: [Backend]
    /// Time between health checks of each server (also while it is down, so an instance is seen up quickly).
    var checkInterval: Duration = .milliseconds(300)

    /// Name of the backend that answers 404 for paths that belong to no cluster (not a valid cluster name's
    /// clash: `validate` rejects a cluster of this name).
    static let notFoundBackend = "clusterbench_no_cluster"

    /// Characters HAProxy allows in proxy, server and ACL names.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "-_.:".unicodeScalars.contains(scalar))
            } && name != notFoundBackend
    }

    /// A path HAProxy can match literally: starts with "/", and holds only URL path characters (no quotes, `$`,
    /// `#`, backslash or spaces, which the config syntax would interpret).
    static func isValidPath(_ path: String) -> Bool {
        let allowed = "-._~/%:@!&()*+,;=".unicodeScalars
        return path.hasPrefix("/")
            && path.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || allowed.contains(scalar))
            }
    }

    /// The configuration file's text.
    var text: String {
        let (seconds, attoseconds) = checkInterval.components
        let interval = "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
        var lines = [
            "# HAProxy configuration written by ClusterBench's local provider for run \(runID).",
            "global",
            "    maxconn 8192",
            "    # Admin socket: `show stat` for the request counts and server states.",
            "    stats socket \(statsSocket) mode 600 level admin",
            "    stats timeout 10s",
            "    # One line per request (see HAProxyLogLine) on stdout, which is the log file. One thread: HAProxy",
            "    # drops a log line rather than wait when two threads write to the same descriptor at once (fd.c,",
            "    # fd_write_frag_line), and the collector counts requests from these lines.",
            "    nbthread 1",
            "    log stdout format raw daemon",
            "",
            "defaults",
            "    mode http",
            "    log global",
            "    log-format \(HAProxyLogLine.format)",
            "    # A request whose connection to an instance failed, or that got no answer at all (the instance died),",
            "    # is sent again, to another instance: clients see no error for an instance that is killed. A paused",
            "    # instance accepts connections and answers nothing: its requests wait for the client's timeout.",
            "    retries 3",
            "    option redispatch 1",
            "    retry-on conn-failure empty-response",
            "    option http-keep-alive",
            "    timeout connect 5s",
            "    timeout client 60s",
            "    timeout server 60s",
            "    timeout http-request 10s",
            "    timeout http-keep-alive 60s",
            "    timeout check 2s",
            "",
            "frontend clusterbench",
            "    bind 127.0.0.1:\(frontendPort)",
        ]
        // Longest paths first, so that a cluster at /a/b wins over one at /a for /a/b/c.
        let routed = backends.enumerated().sorted { lhs, rhs in
            lhs.element.path.count != rhs.element.path.count
                ? lhs.element.path.count > rhs.element.path.count : lhs.offset < rhs.offset
        }.map(\.element)
        for backend in routed {
            let acl = "path_\(backend.name)"
            if backend.path == "/" {
                lines.append("    acl \(acl) path_beg \"/\"")
            } else {
                let path = backend.path.hasSuffix("/") ? String(backend.path.dropLast()) : backend.path
                lines.append("    acl \(acl) path \"\(path)\"")
                lines.append("    acl \(acl) path_beg \"\(path)/\"")
            }
            lines.append("    use_backend \(backend.name) if \(acl)")
        }
        lines += [
            "    default_backend \(Self.notFoundBackend)",
            "",
            "backend \(Self.notFoundBackend)",
            "    http-request return status 404 content-type text/plain string \"no cluster at this path\"",
        ]
        for backend in backends {
            lines += [
                "",
                "backend \(backend.name)",
                "    balance roundrobin",
                "    option httpchk GET /health",
                "    http-check expect status 200",
                "    default-server inter \(interval) fastinter \(interval) downinter \(interval) rise 1 fall 2",
            ]
            for server in backend.servers {
                lines.append("    server \(server.id) 127.0.0.1:\(server.port) check")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
