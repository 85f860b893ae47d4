import StrictJSON

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
    /// The providers `provider.name` may name, each with its own keys, as the plugin registry lists them.
    public let providers: [ProviderSchema]

    /// A loader that accepts the providers in `providers` (pass the registry's schemas; tests pass their own).
    public init(providers: [ProviderSchema]) {
        self.providers = providers
    }

    /// A loader that accepts providers with these names and no keys of their own.
    public init(knownProviders: [String]) {
        self.init(providers: knownProviders.map { ProviderSchema(name: $0) })
    }

    /// Reads, parses and validates the config file at `path`; errors name the file as `path` was written.
    public func load(file path: String) throws(ConfigError) -> ExperimentConfig {
        let bytes = try ConfigFile.bytes(of: path)
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
        return try ConfigDecoder(providers: providers).experiment(root)
    }
}
