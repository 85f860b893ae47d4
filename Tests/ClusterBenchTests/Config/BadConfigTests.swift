import Foundation
import Plugins
import Testing

@testable import BenchConfig

/// Every bad fixture gives exactly its one-line message, and the table and the folder list the same files.
@Suite struct BadConfigTests {
    let loader = ProviderRegistry.builtIn.configLoader()

    @Test(arguments: BadConfigCases.all)
    func fixtureGivesExactMessage(fixture: String, expected: String) {
        let path = BadConfigCases.fixturePath(fixture)
        let error = #expect(throws: ConfigError.self) { try loader.load(file: path) }
        #expect(error?.description == "\(path): \(expected)")
        #expect(error?.file == path)
    }

    @Test func tableAndFolderListTheSameFixtures() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: BadConfigCases.fixturesDirectory)
            .filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(BadConfigCases.all.map(\.fixture)))
        #expect(BadConfigCases.all.count == Set(BadConfigCases.all.map(\.fixture)).count)
    }

    @Test func missingFileNamesTheSystemReason() {
        let path = BadConfigCases.fixturePath("no-such-config.json")
        #expect(throws: ConfigError(file: path, path: "", message: "cannot read file (No such file or directory)")) {
            try loader.load(file: path)
        }
    }

    @Test func directoryIsNotAConfig() {
        let path = BadConfigCases.fixturesDirectory
        #expect(throws: ConfigError(file: path, path: "", message: "cannot read file (Is a directory)")) {
            try loader.load(file: path)
        }
    }

    @Test func fileNameIsKeptAsWritten() {
        let error = #expect(throws: ConfigError.self) { try loader.parse("[]", file: "config/x.json") }
        #expect(error?.description == "config/x.json: $: expected an object at the top level, found an empty array")
    }
}
