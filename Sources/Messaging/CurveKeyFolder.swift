import Foundation

/// The CURVE keys of one deployment, as `coordinator keys` writes them: `coordinator.pub` and `coordinator.secret`
/// (the coordinator's pair), and `agents/NAME.pub`, `agents/NAME.secret` per agent. The coordinator admits the
/// public keys under `agents/`; an agent host needs only its own `.secret` and the coordinator's public key. Each
/// file holds one Z85 key (40 characters) and a newline; secrets are written with mode 0600.
public struct CurveKeyFolder: Sendable {
    /// Why keys could not be read or written, naming the file.
    public struct KeyError: Error, CustomStringConvertible {
        /// One line for a person.
        public var description: String
    }

    /// The folder.
    public let path: String

    /// The folder at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Writes a fresh coordinator pair and one pair per agent name; refuses to overwrite existing keys.
    public func create(agents: [String]) throws -> (coordinator: CurveKeyPair, agents: [String: CurveKeyPair]) {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path + "/coordinator.secret") else {
            throw KeyError(description: "\(path)/coordinator.secret exists; keys are never overwritten")
        }
        try manager.createDirectory(atPath: path + "/agents", withIntermediateDirectories: true)
        let coordinator = try CurveKeyPair.generate()
        try write(coordinator, to: path + "/coordinator")
        var pairs: [String: CurveKeyPair] = [:]
        for name in agents {
            let pair = try CurveKeyPair.generate()
            try write(pair, to: path + "/agents/" + name)
            pairs[name] = pair
        }
        return (coordinator, pairs)
    }

    /// The coordinator's pair.
    public func coordinator() throws -> CurveKeyPair {
        let secret = try Self.readKey(path + "/coordinator.secret")
        return CurveKeyPair(publicKey: try CurveKeyPair.publicKey(forSecret: secret), secretKey: secret)
    }

    /// The public keys of the admitted agents, by agent name (`agents/NAME.pub`).
    public func agentPublicKeys() throws -> [String: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path + "/agents")) ?? []
        var keys: [String: String] = [:]
        for file in names where file.hasSuffix(".pub") {
            keys[String(file.dropLast(4))] = try Self.readKey(path + "/agents/" + file)
        }
        return keys
    }

    /// The pair whose secret is in `file` (a `.secret` file).
    public static func pair(secretFile file: String) throws -> CurveKeyPair {
        let secret = try readKey(file)
        return CurveKeyPair(publicKey: try CurveKeyPair.publicKey(forSecret: secret), secretKey: secret)
    }

    /// One Z85 key from `file`, checked for length.
    public static func readKey(_ file: String) throws -> String {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw KeyError(description: "\(file): cannot read the key file")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.utf8.count == CurveKeyPair.z85Length else {
            throw KeyError(description: "\(file): expected one Z85 key of 40 characters, found \(key.utf8.count)")
        }
        return key
    }

    private func write(_ pair: CurveKeyPair, to base: String) throws {
        try Data((pair.publicKey + "\n").utf8).write(to: URL(fileURLWithPath: base + ".pub"))
        let secret = base + ".secret"
        guard FileManager.default.createFile(
            atPath: secret, contents: Data((pair.secretKey + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw KeyError(description: "\(secret): cannot write the key file") }
    }
}
