import Foundation

/// The agent as a load host gets it: `scripts/package-agent.sh --debug` builds the self-contained tarball (the Swift
/// runtime linked in statically; a debug build, so the suite does not wait for an optimised one), and it is unpacked
/// into a folder of its own, away from the build's libraries. Made once per test process under
/// `.build/packaged-agent/` (the static build itself is kept in `.build-static/`, so an unchanged tree repackages in
/// seconds); scripts/test.sh packages it before the tests start, so its build time is never counted against a test's
/// time limit.
enum PackagedAgent {
    /// Why the package could not be made.
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The unpacked `agent` executable, or why there is none.
    static let executable: Result<String, Failure> = {
        let folder = TestSupport.projectRoot + "/.build/packaged-agent"
        try? FileManager.default.removeItem(atPath: folder)
        let script = TestSupport.projectRoot + "/scripts/package-agent.sh"
        let package = NetworkLab.execute(["/bin/bash", script, "--debug", folder])
        guard package.status == 0 else {
            return .failure(Failure(description: "package-agent.sh failed (\(package.status)): \(package.error)"))
        }
        let tarballs = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".tar.gz") }
        guard tarballs.count == 1 else {
            return .failure(Failure(description: "package-agent.sh wrote \(tarballs) into \(folder)"))
        }
        let unpacked = folder + "/unpacked"
        try? FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        if let failure = NetworkLab.run(["/bin/tar", "-xzf", folder + "/" + tarballs[0], "-C", unpacked]) {
            return .failure(Failure(description: "tar: \(failure)"))
        }
        let name = String(tarballs[0].dropLast(".tar.gz".count))
        return .success(unpacked + "/" + name + "/bin/agent")
    }()

    /// The unpacked `agent`, or a thrown `Failure` saying why there is none.
    static func path() throws -> String { try executable.get() }
}
