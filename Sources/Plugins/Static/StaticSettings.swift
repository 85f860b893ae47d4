import BenchConfig
import StrictJSON

/// The `static` provider's own setting: `provider.urls`, the URL of every cluster, by cluster name.
public struct StaticSettings: ProviderSettings, Equatable {
    /// The URL requests for each cluster fetch (`http://127.0.0.1:8080/cluster1`), by cluster name.
    public var urls: [String: String]

    /// Settings with these URLs.
    public init(urls: [String: String]) {
        self.urls = urls
    }

    /// `urls`, its members in key order.
    public func jsonMembers() -> JSONObject {
        ["urls": .object(JSONObject(urls.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))]
    }

    /// Reads `provider.urls`: an object with an `http://` or `https://` URL for every cluster and no other key.
    static func decode(_ section: ProviderSection) throws(ConfigError) -> StaticSettings {
        guard let node = section.member("urls") else { throw section.node.missing("urls") }
        let clusters = section.clusters.map(\.name)
        var urls: [String: String] = [:]
        for (key, child) in try node.members(expected: "an object of cluster names and URLs") {
            let url = try child.httpURL()
            guard clusters.contains(key) else {
                throw child.error("unknown cluster \(ConfigNode.quote(key)); clusters: " + clusters.joined(separator: ", "))
            }
            urls[key] = url
        }
        for cluster in clusters where urls[cluster] == nil {
            throw node.error("missing a URL for cluster \(ConfigNode.quote(cluster))")
        }
        return StaticSettings(urls: urls)
    }
}
