import ArgumentParser
import Foundation

/// `agent`: connects to a coordinator, runs the shards it is given and streams their results back.
@main
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Generate HTTP load for a ClusterBench coordinator.",
        discussion: """
            The agent connects to a coordinator's ZeroMQ endpoint, announces itself (HELLO with the protocol \
            version), then runs the shards of load it is given with libcurl and streams interval results back. \
            It exits when the coordinator says so, and stops all load on its own if it hears nothing from the \
            coordinator for a few heartbeats (exit code 3), so that no target is loaded by an agent nobody controls.

            The coordinator spawns local agents by itself; start agents by hand only on other load hosts.

            Example:
              agent --coordinator tcp://127.0.0.1:5555 --name loadhost-1
            """
    )

    @Option(name: .long, help: "The coordinator's ZeroMQ endpoint, e.g. tcp://127.0.0.1:5555.")
    var coordinator: String

    @Option(name: .long, help: "A name for this agent in the coordinator's logs and reports (default: host-pid).")
    var name: String?

    @Flag(name: .long, help: "Log protocol events to standard error.")
    var verbose = false

    func validate() throws {
        guard coordinator.hasPrefix("tcp://"), coordinator.dropFirst(6).contains(":") else {
            throw ValidationError("--coordinator: expected tcp://HOST:PORT, found \"\(coordinator)\"")
        }
    }

    func run() throws {
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        let service = AgentService(
            endpoint: coordinator, name: name ?? "\(host)-\(pid)", host: host, verbose: verbose,
            environment: ProcessInfo.processInfo.environment)
        let outcome = service.run()
        switch outcome {
        case .shutdown:
            return
        case .coordinatorLost(let reason), .failed(let reason):
            FileHandle.standardError.write(Data("agent: \(reason)\n".utf8))
            throw ExitCode(outcome.exitCode)
        }
    }
}
