import Foundation
import Testing

/// The house rules of the source tree, checked on the files themselves: modules small and acyclic, the agent free of
/// the coordinator's modules, every import declared.
@Suite struct LayoutTests {
    /// Modules the toolchain provides, which Package.swift does not list.
    static let toolchainModules: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Glibc", "Musl", "Darwin",
        "Dispatch", "Synchronization", "Testing",
    ]

    let package = try! PackageManifest(path: TestSupport.projectRoot + "/Package.swift")

    /// Swift files of `target` under Sources/, with their text.
    func sources(of target: String) -> [(path: String, text: String)] {
        let root = TestSupport.projectRoot + "/Sources/" + target
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".swift") }.sorted().compactMap { file in
            (try? String(contentsOfFile: root + "/" + file, encoding: .utf8)).map { ("Sources/\(target)/\(file)", $0) }
        }
    }

    @Test func everyImportIsADeclaredDependency() {
        for target in package.targets where !target.isTest {
            for (path, text) in sources(of: target.name) {
                for module in PackageManifest.imports(in: text) where !Self.toolchainModules.contains(module) {
                    #expect(target.dependencies.contains(module), "\(path) imports \(module), not a dependency of \(target.name)")
                }
            }
        }
    }

    @Test func theAgentLinksNoConfigLoaderCatalogueOrPlanner() throws {
        let closure = package.dependencyClosure(of: "Agent")
        #expect(closure.isSuperset(of: ["Wire", "HdrCodec", "LoadEngine", "Messaging"]))
        for module in ["BenchConfig", "Planner", "Plugins", "Report", "StrictJSON", "ChildProcesses"] {
            #expect(!closure.contains(module), "the agent depends on \(module)")
        }
        // The catalogue and the config loader live in BenchConfig; nothing in the agent's modules names them.
        for module in closure where package.target(module) != nil {
            for (path, text) in sources(of: module) {
                #expect(!text.contains("ConfigLoader") && !text.contains("InstanceCatalog"), "\(path)")
            }
        }
    }

    @Test func modulesFormNoCycle() {
        for target in package.targets {
            let closure = package.dependencyClosure(of: target.name)
            #expect(!closure.contains(target.name), "\(target.name) depends on itself")
        }
    }

    @Test func filesAndModulesStaySmall() {
        var linesPerModule: [String: Int] = [:]
        for target in package.targets where !target.isTest {
            for (path, text) in sources(of: target.name) {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                #expect(lines <= 400, "\(path) has \(lines) lines")
                linesPerModule[target.name, default: 0] += lines
            }
        }
        let total = linesPerModule.values.reduce(0, +)
        #expect(total > 5000)
        for (module, lines) in linesPerModule {
            #expect(Double(lines) <= 0.30 * Double(total), "\(module) holds \(lines) of \(total) lines")
        }
    }
}

/// The targets of Package.swift, read from its text: each target's name and the modules it depends on.
struct PackageManifest {
    struct Target {
        var name: String
        var dependencies: [String]
        var isTest: Bool
    }

    var targets: [Target]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var targets: [Target] = []
        let kinds = [".target(", ".executableTarget(", ".testTarget(", ".systemLibrary("]
        var chunks: [(kind: String, text: Substring)] = []
        var rest = Substring(text)
        while let next = kinds.compactMap({ kind in rest.range(of: kind).map { (kind, $0) } })
            .min(by: { $0.1.lowerBound < $1.1.lowerBound })
        {
            rest = rest[next.1.upperBound...]
            let end = kinds.compactMap { rest.range(of: $0)?.lowerBound }.min() ?? rest.endIndex
            chunks.append((next.0, rest[..<end]))
        }
        for (kind, chunk) in chunks {
            guard let name = Self.strings(in: chunk).first else { continue }
            var dependencies: [String] = []
            if let start = chunk.range(of: "dependencies:") {
                let list = chunk[start.upperBound...]
                var depth = 0
                var body = ""
                for character in list {
                    if character == "[" { depth += 1 }
                    if character == "]" { depth -= 1; if depth == 0 { break } }
                    if depth > 0 { body.append(character) }
                }
                // `.product(name: "X", package: "y")` names module X; the package name is not a module.
                let withoutPackages = body.replacingOccurrences(
                    of: #"package:\s*"[^"]*""#, with: "", options: .regularExpression)
                dependencies = Self.strings(in: Substring(withoutPackages))
            }
            targets.append(Target(name: name, dependencies: dependencies, isTest: kind == ".testTarget("))
        }
        self.targets = targets
    }

    func target(_ name: String) -> Target? { targets.first { $0.name == name } }

    /// Every module `name` depends on, directly or not.
    func dependencyClosure(of name: String) -> Set<String> {
        var seen: Set<String> = []
        var queue = target(name)?.dependencies ?? []
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            queue += target(next)?.dependencies ?? []
        }
        return seen
    }

    /// The quoted strings of `text`, in order.
    static func strings(in text: Substring) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The modules a Swift file imports (`import X`, `internal import X`, `@testable import X`).
    static func imports(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                words[..<index].allSatisfy({ ["internal", "public", "@testable", "package"].contains($0) })
            else { return nil }
            return String(words[index + 1])
        }
    }
}
