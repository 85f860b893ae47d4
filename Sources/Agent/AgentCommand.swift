import ArgumentParser
import Foundation
import LoadEngine
import Logging
import Messaging

/// `agent`: connects to a coordinator, runs the shards it is given and streams their results back.
@main
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Generate HTTP load for a ClusterBench coordinator.",
        discussion: """
            The agent connects to a coordinator's ZeroMQ endpoint, announces itself (HELLO with the protocol \
            version and the engine threads it drives), then runs the shards of load it is given and streams \
            interval results back. A shard runs on the engine its config names (load.engine): the agent's own \
            epoll HTTP/1.1 loop for http:// targets (the fast path), or libcurl for anything else; either way \
            split over --threads engine threads, whose results are merged before they are sent. It exits when the \
            coordinator says so, and stops all load on its own if it hears nothing from the coordinator for a few \
            heartbeats (exit code 3), so that no target is loaded by an agent nobody controls.

            The coordinator spawns local agents by itself, each with --threads its cores divided by the agents it \
            spawns; start agents by hand only on other load hosts.

            Examples:
              agent --coordinator tcp://127.0.0.1:5555 --name loadhost-1
              taskset -c 2-5 agent --coordinator tcp://127.0.0.1:5555   # cores 2-5: 4 threads
            """
    )

    @Option(name: .long, help: "The coordinator's ZeroMQ endpoint, e.g. tcp://127.0.0.1:5555.")
    var coordinator: String

    @Option(name: .long, help: "A name for this agent in the coordinator's logs and reports (default: host-pid).")
    var name: String?

    // Unconditional: a Z85 key may begin with "-", which would otherwise read as the next option.
    @Option(
        name: .long, parsing: .unconditional,
        help: "The coordinator's CURVE public key (Z85) to pin: no other coordinator is obeyed.")
    var coordinatorKey: String?

    @Option(name: .long, help: "This agent's CURVE secret key file (agents/NAME.secret from `coordinator keys`).")
    var keyFile: String?

    @Flag(name: .long, help: "Talk plaintext to a coordinator beyond loopback (not recommended).")
    var insecure = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Log lines at this level and above: trace, debug, info, notice, warning, error or critical. A remote "
                + "agent's lines also reach the coordinator's run folder (logs/agents/NAME.log).",
            valueName: "level"))
    var logLevel: String = "info"

    @Flag(name: .long, help: "Log protocol events too (the same as --log-level debug).")
    var verbose = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Engine threads per shard, 1 to 256: each thread runs its part of the shard's connections, flows or "
                + "arrivals in an event loop of its own, and their results are merged (histograms losslessly). The "
                + "agent announces this number to the coordinator as its cores, which weighs its share of the load "
                + "by it. Default: the cores this process may run on (its CPU affinity: `taskset -c 0-3 agent` "
                + "gives 4).",
            valueName: "n"))
    var threads: Int?

    /// The largest `--threads`.
    static let threadLimit = 256

    /// The engine threads this agent drives: `--threads`, or the cores it may run on (at most `threadLimit`).
    var engineThreads: Int { threads ?? min(Self.threadLimit, ProcessorAffinity.usableCores()) }

    func validate() throws {
        if let threads, !(1...Self.threadLimit).contains(threads) {
            throw ValidationError("--threads: expected 1 to \(Self.threadLimit), found \(threads)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                "--log-level: expected trace, debug, info, notice, warning, error or critical, found \"\(logLevel)\"")
        }
        guard coordinator.hasPrefix("tcp://"), coordinator.dropFirst(6).contains(":") else {
            throw ValidationError("--coordinator: expected tcp://HOST:PORT, found \"\(coordinator)\"")
        }
        let environment = ProcessInfo.processInfo.environment
        let pinned = coordinatorKey ?? environment["CLUSTERBENCH_COORDINATOR_KEY"]
        if pinned != nil, keyFile == nil, environment["CLUSTERBENCH_AGENT_SECRET"] == nil {
            throw ValidationError("--coordinator-key needs this agent's own key: --key-file FILE")
        }
        if pinned == nil, !insecure, !Self.isLoopback(coordinator) {
            throw ValidationError(
                "--coordinator \(coordinator) is beyond loopback: pin its key with --coordinator-key and --key-file "
                    + "(see `coordinator keys`), or pass --insecure")
        }
    }

    /// `tcp://127.x.x.x:P`, `tcp://localhost:P` or `tcp://[::1]:P`.
    static func isLoopback(_ endpoint: String) -> Bool {
        let rest = endpoint.dropFirst("tcp://".count)
        return rest.hasPrefix("127.") || rest.hasPrefix("localhost:") || rest.hasPrefix("[::1]:")
    }

    /// The CURVE keys to use: the pinned coordinator key and this agent's pair, from flags or (for spawned agents)
    /// the environment; nil for plaintext.
    func curve() throws -> (server: String, pair: CurveKeyPair)? {
        let environment = ProcessInfo.processInfo.environment
        guard let server = coordinatorKey ?? environment["CLUSTERBENCH_COORDINATOR_KEY"] else { return nil }
        if let keyFile { return (server, try CurveKeyFolder.pair(secretFile: keyFile)) }
        let secret = environment["CLUSTERBENCH_AGENT_SECRET"] ?? ""
        return (server, CurveKeyPair(publicKey: try CurveKeyPair.publicKey(forSecret: secret), secretKey: secret))
    }

    func run() throws {
        // Every connection is a file: the soft open-file limit (1,024 on a stock Debian) goes up to the hard one.
        DescriptorLimit.raise()
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        let keys: (server: String, pair: CurveKeyPair)?
        do { keys = try curve() } catch {
            FileHandle.standardError.write(Data("agent: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let service = AgentService(
            endpoint: coordinator, name: name ?? "\(host)-\(pid)", host: host,
            logLevel: verbose ? .debug : Logger.Level(rawValue: logLevel) ?? .info, threads: engineThreads,
            environment: ProcessInfo.processInfo.environment)
        service.curve = keys
        let outcome = service.run()
        switch outcome {
        case .shutdown:
            return
        case .coordinatorLost(let reason):
            service.logger.critical("\(reason)")
            throw ExitCode(outcome.exitCode)
        case .failed:
            // Already logged (and sent to the coordinator) by the service.
            throw ExitCode(outcome.exitCode)
        }
    }
}
