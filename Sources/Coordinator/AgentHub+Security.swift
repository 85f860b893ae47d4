import BenchConfig
import Messaging

/// How the coordinator's agent socket is secured: CURVE when `agents.keys` names a key folder (the ROUTER is a
/// CURVE server and a ZAP handler admits only the listed agent keys, plus a key pair made for this run's spawned
/// agents), else plaintext, which the config loader allows only on loopback or with `agents.insecure`.
struct AgentSecurity {
    /// What report.json records.
    enum Mode: String {
        case curve
        case loopback = "plaintext (loopback)"
        case insecure = "plaintext (insecure)"
    }

    let mode: Mode
    private let coordinator: CurveKeyPair?
    private let allowed: Set<String>
    private let spawned: CurveKeyPair?

    /// Reads the key folder, if the config names one.
    init(_ agents: AgentsConfig) throws {
        guard let folder = agents.keys else {
            mode = agents.insecure ? .insecure : .loopback
            coordinator = nil
            allowed = []
            spawned = nil
            return
        }
        let keys = CurveKeyFolder(path: folder)
        mode = .curve
        coordinator = try keys.coordinator()
        let pair = try CurveKeyPair.generate()
        spawned = pair
        allowed = Set(try keys.agentPublicKeys().values).union([pair.publicKey])
    }

    /// Starts the ZAP handler in `context` (before the ROUTER binds); nil without CURVE.
    func startAuthentication(_ context: ZMQContext, log: @escaping @Sendable (String) -> Void) throws -> ZAPHandler? {
        guard mode == .curve else { return nil }
        return try ZAPHandler(context: context, allowed: allowed) { decision in
            if !decision.allowed {
                log("refused a CURVE handshake from \(decision.address): key \(decision.publicKey) is not listed")
            }
        }
    }

    /// Makes the ROUTER a CURVE server; nothing without CURVE.
    func configure(_ socket: ZMQSocket) throws {
        if let coordinator { try socket.setCurveServer(secretKey: coordinator.secretKey) }
    }

    /// What spawned agents need in their environment to pass CURVE.
    var spawnEnvironment: [String: String] {
        guard let coordinator, let spawned else { return [:] }
        return ["CLUSTERBENCH_COORDINATOR_KEY": coordinator.publicKey, "CLUSTERBENCH_AGENT_SECRET": spawned.secretKey]
    }
}
