import Foundation
import Testing

/// The tarball of scripts/package-agent.sh holds an agent that needs no Swift runtime on the load host: `ldd` lists
/// libzmq and libcurl but no Swift library, and it runs with nothing but the system's libraries.
struct PackagedAgentTests {
    /// The lines of `ldd` output that name a shared library of the Swift runtime.
    static func swiftRuntime(_ ldd: String) -> [Substring] {
        let names = ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime"]
        return ldd.split(separator: "\n").filter { line in names.contains { line.contains($0) } }
    }

    @Test(.timeLimit(.minutes(10))) func thePackagedAgentLinksNoSwiftRuntimeLibrary() throws {
        let agent = try PackagedAgent.path()
        let ldd = NetworkLab.execute(["/usr/bin/ldd", agent])
        #expect(ldd.status == 0, "\(ldd.error)")
        #expect(ldd.output.contains("libzmq.so"), "\(ldd.output)")
        #expect(ldd.output.contains("libcurl.so"), "\(ldd.output)")
        #expect(Self.swiftRuntime(ldd.output).isEmpty, "\(ldd.output)")
        #expect(!ldd.output.contains("not found"), "\(ldd.output)")

        // The check tells the two apart: the agent the build leaves beside the tests needs the runtime.
        let built = NetworkLab.execute(["/usr/bin/ldd", Tools.path("agent")])
        #expect(Self.swiftRuntime(built.output).contains { $0.contains("libswiftCore.so") }, "\(built.output)")

        // It starts with an empty environment (no library path to the toolchain).
        let help = NetworkLab.execute(["/usr/bin/env", "-i", agent, "--help"])
        #expect(help.status == 0, "\(help.error)")
        #expect(help.output.contains("Generate HTTP load for a ClusterBench coordinator."), "\(help.output)")
    }
}
