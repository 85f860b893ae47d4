import Testing

@testable import Plugins

@Suite("ProviderRegistry")
struct ProviderRegistryTests {
    let context = ProviderContext(runID: "registry", runDirectory: "/tmp", projectRoot: "/tmp")

    @Test func builtInListsLocalStaticAndAWS() throws {
        #expect(ProviderRegistry.builtIn.names == ["local", "static", "aws"])
        #expect(ProviderRegistry.builtIn.entries().map(\.name) == ["local", "static", "aws"])
        #expect(ProviderRegistry.builtIn.entries().first?.summary == LocalProvider.summary)
        let provider = try ProviderRegistry.builtIn.make("local", context: context)
        #expect(provider is LocalProvider)
        #expect(try ProviderRegistry.builtIn.make("static", context: context) is StaticProvider)
        #expect(try ProviderRegistry.builtIn.make("aws", context: context) is AWSProvider)
    }

    @Test func unknownNameListsRegisteredProviders() {
        let error = #expect(throws: ProviderError.self) {
            _ = try ProviderRegistry.builtIn.make("nope", context: context)
        }
        #expect(error?.code == .unknownProvider)
        #expect(error?.description == "unknown provider \"nope\" (registered providers: local, static, aws)")
        let empty = #expect(throws: ProviderError.self) { _ = try ProviderRegistry([]).make("local", context: context) }
        #expect(empty?.description == "unknown provider \"local\" (registered providers: none)")
    }
}
