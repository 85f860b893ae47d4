/// HAProxy's `show stat` answer, parsed: one row per frontend, backend and server.
///
/// The CSV's first line names the columns (`# pxname,svname,qcur,...`); columns are found by name, so the parser
/// does not depend on the column order of one HAProxy version.
struct HAProxyStats: Equatable, Sendable {
    /// One line of the CSV.
    struct Row: Equatable, Sendable {
        /// The proxy (`pxname`): frontend or backend name; for us, a backend is a cluster.
        var proxy: String
        /// The service (`svname`): `FRONTEND`, `BACKEND`, or a server name (for us, an instance id).
        var service: String
        /// `status`: `UP`, `DOWN`, `UP 1/2` (up, one check failed), `DOWN 1/2`, `MAINT`, `no check`, `OPEN`.
        var status: String
        /// `check_status` without the "* " that marks a check in progress: `L7OK`, `L4CON`, `INI` (not checked
        /// yet), ...; empty for frontends and backends.
        var checkStatus: String
        /// `req_tot`: HTTP requests received. HAProxy 2.6 fills it for frontends, backends and servers.
        var requestTotal: Int?
        /// `stot`: streams (sessions) handled. In HTTP mode every request, also the second one on a kept-alive
        /// client connection, is a new stream, so for servers it equals `req_tot`.
        var sessionTotal: Int?
        /// `type`: 0 frontend, 1 backend, 2 server, 3 listener.
        var type: Int?

        /// A server row (not FRONTEND/BACKEND).
        var isServer: Bool { type.map { $0 == 2 } ?? (service != "FRONTEND" && service != "BACKEND") }

        /// HAProxy sends traffic to it (status `UP` or `UP x/y`) and its last health check passed. Servers start
        /// as `UP` before any check ran (check status `INI`), so `UP` alone does not mean healthy.
        var isHealthy: Bool {
            status.hasPrefix("UP") && ["L7OK", "L6OK", "L4OK"].contains(checkStatus)
        }

        /// What the server counted: `req_tot` when the server row has it, else `stot` (older versions filled only
        /// `stot` per server; in HTTP mode it counts one per request as well).
        var requestCount: Int { requestTotal ?? sessionTotal ?? 0 }

        /// "DOWN, last check L4CON" for messages.
        var stateDescription: String {
            checkStatus.isEmpty ? status : "\(status), last check \(checkStatus)"
        }
    }

    /// Every row, in HAProxy's order.
    var rows: [Row]

    /// Parses a `show stat` answer.
    /// - Throws: a description of what is missing when the text is not a stats CSV.
    init(csv: String) throws(ParseError) {
        let lines = csv.split(whereSeparator: \.isNewline)
        guard let header = lines.first, header.hasPrefix("# ") else {
            throw ParseError(description: "no CSV header in the stats answer: \(csv.prefix(120))")
        }
        let columns = header.dropFirst(2).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func index(_ name: String) -> Int? { columns.firstIndex(of: name) }
        guard let proxy = index("pxname"), let service = index("svname"), let status = index("status") else {
            throw ParseError(description: "the stats CSV has no pxname, svname or status column")
        }
        let check = index("check_status")
        let requests = index("req_tot")
        let sessions = index("stot")
        let type = index("type")

        rows = lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func field(_ index: Int?) -> String {
                guard let index, index < fields.count else { return "" }
                return fields[index]
            }
            var checkStatus = field(check)
            if checkStatus.hasPrefix("* ") { checkStatus.removeFirst(2) }
            return Row(
                proxy: field(proxy),
                service: field(service),
                status: field(status),
                checkStatus: checkStatus,
                requestTotal: Int(field(requests)),
                sessionTotal: Int(field(sessions)),
                type: Int(field(type))
            )
        }
    }

    /// The BACKEND row of `backend`.
    func backend(_ backend: String) -> Row? {
        rows.first { $0.proxy == backend && $0.service == "BACKEND" }
    }

    /// The server rows of `backend`.
    func servers(of backend: String) -> [Row] {
        rows.filter { $0.proxy == backend && $0.isServer }
    }

    /// The row of server `server` in `backend`.
    func server(_ server: String, in backend: String) -> Row? {
        rows.first { $0.proxy == backend && $0.service == server }
    }

    /// The stats answer was not a stats CSV.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }
}
