/// One line of HAProxy's per-request log as the local provider's `log-format` writes it:
///
/// ```
/// CB1 <accept s.ms> <backend> <server> <status> <Tq> <Tw> <Tc> <Tr> <Tt> <bytes> <termination> <retries>
/// CB1 1764448401.123 cluster1 cluster1-2 200 0 0 0 2 3 61 ---- 0
/// ```
///
/// `accept` is HAProxy's accept date (`%Ts.%ms`; for a kept-alive connection, when it became ready for this
/// request); times are HAProxy's timers in milliseconds (`-1`: that step did not happen); `server` is `<NOSRV>`
/// when HAProxy chose none. Lines of any other shape (HAProxy's own messages) are not request lines.
struct HAProxyLogLine: Equatable, Sendable {
    /// The `log-format` directive's value, quoted for the config file.
    static let format = #""CB1 %Ts.%ms %b %s %ST %Tq %Tw %Tc %Tr %Tt %B %ts %rc""#
    /// The first field of every request line.
    static let tag = "CB1"

    /// Accept date, seconds since 1970 with milliseconds.
    var accept: Double
    /// Backend name (a cluster, or the 404 backend).
    var backend: String
    /// Server name (an instance id), or nil for `<NOSRV>`.
    var server: String?
    /// Status sent to the client.
    var status: Int
    /// Time until the whole request was received, ms (`Tq`).
    var requestTime: Int
    /// Time in queues, ms (`Tw`).
    var queueTime: Int
    /// Time to connect to the server, ms (`Tc`).
    var connectTime: Int
    /// Time from the request sent to the server until its response headers, ms (`Tr`); -1 if none came.
    var serverTime: Int
    /// Total time of the request, ms (`Tt`).
    var totalTime: Int
    /// Bytes sent to the client.
    var bytes: Int
    /// HAProxy's termination state (`----` for a normal end, `sC--` for a connection refused, ...).
    var termination: String
    /// Connection retries (`+` prefix when redispatched).
    var retries: String

    /// Parses a request line; nil for any other line.
    init?(_ line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 13, fields[0] == Self.tag, let accept = Double(fields[1]),
            let status = Int(fields[4]), let tq = Int(fields[5]), let tw = Int(fields[6]), let tc = Int(fields[7]),
            let tr = Int(fields[8]), let tt = Int(fields[9]), let bytes = Int(fields[10])
        else { return nil }
        self.accept = accept
        backend = String(fields[2])
        server = fields[3] == "<NOSRV>" ? nil : String(fields[3])
        self.status = status
        requestTime = tq
        queueTime = tw
        connectTime = tc
        serverTime = tr
        totalTime = tt
        self.bytes = bytes
        termination = String(fields[11])
        retries = String(fields[12])
    }

    /// The request as a collector record: timed when HAProxy had received it (accept date + `Tq`).
    var record: RequestRecord {
        RequestRecord(
            time: accept + Double(max(0, requestTime)) / 1000,
            cluster: backend,
            target: server,
            status: status,
            targetResponseSeconds: serverTime >= 0 && server != nil ? Double(serverTime) / 1000 : nil
        )
    }
}
