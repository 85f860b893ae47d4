import Testing

@testable import Plugins

@Suite("ProviderRegistry")
struct ProviderRegistryTests {
    let context = ProviderContext(runID: "registry", runDirectory: "/tmp", projectRoot: "/tmp")

    @Test func builtInListsLocal() throws {
        #expect(ProviderRegistry.builtIn.names == ["local"])
        #expect(ProviderRegistry.builtIn.entries().map(\.name) == ["local"])
        #expect(ProviderRegistry.builtIn.entries().first?.summary == LocalProvider.summary)
        let provider = try ProviderRegistry.builtIn.make("local", context: context)
        #expect(provider is LocalProvider)
    }

    @Test func unknownNameListsRegisteredProviders() {
        let error = #expect(throws: ProviderError.self) {
            _ = try ProviderRegistry.builtIn.make("nope", context: context)
        }
        #expect(error?.code == .unknownProvider)
        #expect(error?.description == "unknown provider \"nope\" (registered providers: local)")
        let empty = #expect(throws: ProviderError.self) { _ = try ProviderRegistry([]).make("local", context: context) }
        #expect(empty?.description == "unknown provider \"local\" (registered providers: none)")
    }
}
