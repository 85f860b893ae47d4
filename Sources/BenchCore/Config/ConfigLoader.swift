#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads experiment config files and vouches for them: the only way to get an `ExperimentConfig` from a file.
///
/// The JSON is parsed strictly (RFC 8259, duplicate keys refused) and checked against the schema of
/// `docs/config.md`; every optional key comes back filled with its default. The first problem in document order is
/// thrown as a `ConfigError` whose one-line description names the file, the JSON path, what was expected and what
/// was found.
public struct ConfigLoader: Sendable {
    /// Provider names that `provider.name` may take, as the plugin registry lists them.
    public let knownProviders: [String]

    /// A loader that accepts the providers in `knownProviders` (pass the registry's names; tests pass their own).
    public init(knownProviders: [String]) {
        self.knownProviders = knownProviders
    }

    /// Reads, parses and validates the config file at `path`; errors name the file as `path` was written.
    public func load(file path: String) throws(ConfigError) -> ExperimentConfig {
        let bytes = try Self.readFile(path)
        return try decode(bytes: bytes, file: path)
    }

    /// Parses and validates config text; `file` names it in errors.
    public func parse(_ text: String, file: String) throws(ConfigError) -> ExperimentConfig {
        try decode(bytes: Array(text.utf8), file: file)
    }

    private func decode(bytes: [UInt8], file: String) throws(ConfigError) -> ExperimentConfig {
        let document: JSONValue
        do {
            document = try JSONValue(parsingUTF8: bytes)
        } catch {
            throw ConfigError(file: file, path: error.path?.description ?? "", message: error.message)
        }
        let root = ConfigNode(value: document, path: .root, file: file)
        return try ConfigDecoder(knownProviders: knownProviders).experiment(root)
    }

    /// The whole file's bytes, or an error carrying the system's reason (`No such file or directory`).
    private static func readFile(_ path: String) throws(ConfigError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(path, errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, errno)
            }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumFileSize {
                throw ConfigError(
                    file: path,
                    path: "",
                    message: "cannot read file (larger than \(maximumFileSize / 1024 / 1024) MiB)"
                )
            }
        }
    }

    /// Configs are a few kilobytes; anything past this is not a config, and reading it whole would waste memory.
    private static let maximumFileSize = 16 * 1024 * 1024

    private static func unreadable(_ path: String, _ code: Int32) -> ConfigError {
        ConfigError(file: path, path: "", message: "cannot read file (\(String(cString: strerror(code))))")
    }
}
