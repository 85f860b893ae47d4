/// A test hook: drops the Nth outgoing message of a type on purpose, to prove that the protocol survives a lost
/// message. Read from the environment variable `CLUSTERBENCH_TEST_DROP`, e.g. `REPORT:2,START:1` (the second
/// REPORT and the first START this process sends are never sent; `REPORT:*` drops every REPORT). Both the coordinator and its spawned agents read
/// it; each drops only what it sends. Unset (the normal case), it drops nothing.
public struct OutgoingDrops: Sendable {
    /// The environment variable read by `init(environment:)`.
    public static let variable = "CLUSTERBENCH_TEST_DROP"

    private var targets: [MessageType: Set<Int>] = [:]
    private var every: Set<MessageType> = []
    private var sent: [MessageType: Int] = [:]
    /// Messages dropped so far.
    public private(set) var dropped = 0

    /// Parses `TYPE:N[,TYPE:N...]` (N a number, or `*` for all); entries that do not parse are ignored.
    public init(_ specification: String?) {
        for entry in (specification ?? "").split(separator: ",") {
            let parts = entry.split(separator: ":")
            if parts.count == 2, parts[1] == "*", let type = MessageType(rawValue: String(parts[0])) {
                every.insert(type)
                continue
            }
            guard parts.count == 2, let type = MessageType(rawValue: String(parts[0])), let nth = Int(parts[1]), nth > 0
            else { continue }
            targets[type, default: []].insert(nth)
        }
    }

    /// Reads the hook from the process environment.
    public init(environment: [String: String]) {
        self.init(environment[Self.variable])
    }

    /// Whether to drop this outgoing message (counts it either way).
    public mutating func shouldDrop(_ type: MessageType) -> Bool {
        if every.contains(type) {
            dropped += 1
            return true
        }
        guard let nths = targets[type] else { return false }
        sent[type, default: 0] += 1
        guard nths.contains(sent[type]!) else { return false }
        dropped += 1
        return true
    }
}
