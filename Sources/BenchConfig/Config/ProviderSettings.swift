import StrictJSON

/// The settings a provider plugin reads from its own keys of the config's `provider` object (the `static`
/// provider's `urls`, the `aws` provider's region and subnets). The provider decodes and checks them itself, through
/// its `ProviderSchema`; the loader only hands it its keys.
public protocol ProviderSettings: Sendable {
    /// The settings as members of the `provider` object, for the resolved config in the run folder; decoding them
    /// again must give equal settings.
    func jsonMembers() -> JSONObject
}

/// The settings of a provider that has no keys of its own.
public struct NoProviderSettings: ProviderSettings, Equatable {
    /// No settings.
    public init() {}

    /// No members.
    public func jsonMembers() -> JSONObject { [:] }
}

/// What the config loader knows of one provider: its name, the keys of its own it accepts in the `provider` object
/// and how to turn them into settings. Registries build these from their plugins; tests build their own.
public struct ProviderSchema: Sendable {
    /// Signature of a settings decoder: throws a `ConfigError` at the offending node, never anything else.
    public typealias Decode = @Sendable (ProviderSection) throws(ConfigError) -> any ProviderSettings

    /// The name a config's `provider.name` uses.
    public var name: String
    /// The provider's own keys, in the order messages list them (the shared keys are not among them).
    public var keys: [String]
    /// Decodes and checks the provider's own keys.
    public var decode: Decode

    /// A schema for `name` with its own `keys`, decoded by `decode`.
    public init(name: String, keys: [String], decode: @escaping Decode) {
        self.name = name
        self.keys = keys
        self.decode = decode
    }

    /// A provider with no keys of its own.
    public init(name: String) {
        self.init(name: name, keys: []) { _ throws(ConfigError) in NoProviderSettings() }
    }
}

/// A provider's own part of the config's `provider` object, handed to its decoder once the clusters are known.
public struct ProviderSection: Sendable {
    /// The whole `provider` object (for errors about a missing key: `node.missing("urls")`).
    public var node: ConfigNode
    /// The provider's own members in document order; keys are among the schema's `keys`.
    public var members: [(key: String, node: ConfigNode)]
    /// The experiment's clusters, for settings that name them.
    public var clusters: [ClusterConfig]

    /// A section; the loader makes these.
    public init(node: ConfigNode, members: [(key: String, node: ConfigNode)], clusters: [ClusterConfig]) {
        self.node = node
        self.members = members
        self.clusters = clusters
    }

    /// The member `key`, if the config has it.
    public func member(_ key: String) -> ConfigNode? {
        members.first { $0.key == key }?.node
    }
}
