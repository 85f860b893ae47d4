import BenchConfig

/// The providers a program knows, by name: a compile-time list passed in explicitly (no global state), so tests
/// can build their own. Adding a provider is one new file and one line in `builtIn`.
public struct ProviderRegistry: Sendable {
    private let providers: [any Provider.Type]

    /// A registry of `providers`, in this order. Names must be unique.
    public init(_ providers: [any Provider.Type]) {
        var seen = Set<String>()
        for provider in providers {
            precondition(seen.insert(provider.name).inserted, "two providers are named \"\(provider.name)\"")
        }
        self.providers = providers
    }

    /// The providers that ship with ClusterBench.
    public static let builtIn = ProviderRegistry([LocalProvider.self, StaticProvider.self, AWSProvider.self])

    /// The registered names, in registration order.
    public var names: [String] { providers.map { $0.name } }

    /// Name and one-line summary of every provider, for `coordinator plugins`.
    public func entries() -> [(name: String, summary: String)] {
        providers.map { (name: $0.name, summary: $0.summary) }
    }

    /// What the config loader needs of every provider: its name, its own keys and its settings decoder.
    public var schemas: [ProviderSchema] {
        providers.map { type in
            ProviderSchema(name: type.name, keys: type.settingsKeys) { section throws(ConfigError) in
                try type.decodeSettings(section)
            }
        }
    }

    /// A config loader that accepts exactly these providers and their settings.
    public func configLoader() -> ConfigLoader { ConfigLoader(providers: schemas) }

    /// The provider type registered as `name`, if any.
    public func provider(named name: String) -> (any Provider.Type)? {
        providers.first { $0.name == name }
    }

    /// Makes the provider registered as `name` for one run.
    /// - Throws: `ProviderError.unknownProvider`, listing the registered names.
    public func make(_ name: String, context: ProviderContext) throws(ProviderError) -> any Provider {
        guard let type = provider(named: name) else { throw .unknownProvider(name, registered: names) }
        return type.init(context: context)
    }
}
