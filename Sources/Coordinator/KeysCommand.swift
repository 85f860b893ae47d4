import ArgumentParser
import Foundation
import Messaging

extension CoordinatorCommand {
    /// `coordinator keys FOLDER`: CURVE key pairs for the coordinator and its remote agents.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write CURVE key pairs for the coordinator and its remote agents.",
            discussion: """
                Writes FOLDER/coordinator.pub and .secret, and FOLDER/agents/NAME.pub and .secret for each agent \
                (agent-1 ... agent-N unless --name is given). Point agents.keys of the config at FOLDER: the \
                coordinator then binds with CURVE and admits only the public keys under FOLDER/agents/. Copy each \
                agent's .secret to its host and start it with the line this command prints. Existing keys are \
                never overwritten.
                """)

        @Argument(help: "The folder to write the keys to.")
        var folder: String

        @Option(name: .long, help: "How many agent key pairs (agent-1 ... agent-N).")
        var agents = 1

        @Option(name: .long, parsing: .upToNextOption, help: "Agent names instead of agent-1 ... agent-N.")
        var name: [String] = []

        func validate() throws {
            guard (1...1000).contains(agents) else {
                throw ValidationError("--agents: expected 1...1000, found \(agents)")
            }
            for name in name where name.isEmpty || name.contains("/") {
                throw ValidationError("--name: expected a name without \"/\", found \"\(name)\"")
            }
        }

        func run() throws {
            let names = name.isEmpty ? (1...agents).map { "agent-\($0)" } : name
            let written: (coordinator: CurveKeyPair, agents: [String: CurveKeyPair])
            do {
                written = try CurveKeyFolder(path: folder).create(agents: names)
            } catch {
                throw Exit.fail("\(error)", code: Exit.failed)
            }
            print("coordinator public key: \(written.coordinator.publicKey)")
            print("set \"agents\": {\"keys\": \"\(folder)\", \"bind\": \"tcp://ADDRESS:PORT\"} in the config; "
                + "on each agent host:")
            for name in names {
                print(
                    "  agent --coordinator tcp://ADDRESS:PORT --name \(name) --coordinator-key "
                        + "\(written.coordinator.publicKey) --key-file \(name).secret   "
                        + "(copy \(folder)/agents/\(name).secret)")
            }
        }
    }
}
