import Testing

@testable import Plugins

@Suite("ProviderRegistry")
struct ProviderRegistryTests {
    let context = ProviderContext(runID: "registry", runDirectory: "/tmp", projectRoot: "/tmp")

    @Test func builtInListsLocalAndStatic() throws {
        #expect(ProviderRegistry.builtIn.names == ["local", "static"])
        #expect(ProviderRegistry.builtIn.entries().map(\.name) == ["local", "static"])
        #expect(ProviderRegistry.builtIn.entries().first?.summary == LocalProvider.summary)
        let provider = try ProviderRegistry.builtIn.make("local", context: context)
        #expect(provider is LocalProvider)
        #expect(try ProviderRegistry.builtIn.make("static", context: context) is StaticProvider)
    }

    @Test func unknownNameListsRegisteredProviders() {
        let error = #expect(throws: ProviderError.self) {
            _ = try ProviderRegistry.builtIn.make("nope", context: context)
        }
        #expect(error?.code == .unknownProvider)
        #expect(error?.description == "unknown provider \"nope\" (registered providers: local, static)")
        let empty = #expect(throws: ProviderError.self) { _ = try ProviderRegistry([]).make("local", context: context) }
        #expect(empty?.description == "unknown provider \"local\" (registered providers: none)")
    }
}
