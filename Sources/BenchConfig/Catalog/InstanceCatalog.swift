import StrictJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The instance types configs may name, read from `config/instance-types.json`: data that providers and
/// `coordinator plan` read, so that adding a type is adding a line to that file, not code.
///
/// The file is strict JSON with this shape (every key required, no others):
///
/// ```json
/// {"description": "...", "region": "us-east-1", "checked": "2026-11-29", "sources": ["https://..."],
///  "types": {"m4.large": {"vCPUs": 2, "memoryGiB": 8, "network": "Moderate", "hourlyUSD": 0.1}}}
/// ```
///
/// A problem with the file is a `ConfigError` naming the catalogue file and the JSON path.
public struct InstanceCatalog: Sendable, Equatable {
    /// Where the catalogue lives, relative to the project root.
    public static let defaultRelativePath = "config/instance-types.json"

    /// The catalogue file as it was named (shown in messages).
    public var file: String
    /// Free text: what the figures are and where they come from.
    public var description: String
    /// The region the prices are for (`us-east-1`).
    public var region: String
    /// The day the figures were last checked (`2026-11-29`).
    public var checked: String
    /// Where the figures come from (URLs).
    public var sources: [String]
    /// Every type, in file order.
    public var types: [InstanceType]

    /// A catalogue made in code (tests, tools); `file` names it in messages.
    public init(
        types: [InstanceType],
        file: String,
        description: String = "",
        region: String = "us-east-1",
        checked: String = "",
        sources: [String] = []
    ) {
        self.types = types
        self.file = file
        self.description = description
        self.region = region
        self.checked = checked
        self.sources = sources
    }

    /// The type called `name`, if the catalogue has it.
    public func type(named name: String) -> InstanceType? {
        types.first { $0.name == name }
    }

    /// The names of the catalogue.
    public var names: [String] { types.map(\.name) }

    /// Catalogue names within two edits of `name` (letters added, removed, changed or swapped, ignoring case),
    /// nearest first, then in name order; at most `limit`.
    public func closeMatches(to name: String, limit: Int = 5) -> [String] {
        types.map { (name: $0.name, distance: EditDistance.between(name, $0.name)) }
            .filter { $0.distance <= 2 }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .prefix(limit)
            .map(\.name)
    }

    // MARK: Loading

    /// Reads and checks the catalogue file at `path`; errors name the file as `path` was written.
    public static func load(file path: String) throws(ConfigError) -> InstanceCatalog {
        let bytes = try ConfigFile.bytes(of: path, limit: 4 * 1024 * 1024)
        return try InstanceCatalog(parsingUTF8: bytes, file: path)
    }

    /// Parses and checks catalogue text; `file` names it in errors.
    public init(parsing text: String, file: String) throws(ConfigError) {
        try self.init(parsingUTF8: Array(text.utf8), file: file)
    }

    private init(parsingUTF8 bytes: [UInt8], file: String) throws(ConfigError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsingUTF8: bytes)
        } catch {
            throw ConfigError(file: file, path: error.path?.description ?? "", message: error.message)
        }
        self = try CatalogDecoder(file: file).catalog(document)
    }
}
