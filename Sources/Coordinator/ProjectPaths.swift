import Foundation

/// Where the coordinator finds the things it ships with: the app under test, its virtualenv and the agent binary.
struct ProjectPaths {
    /// Folder holding `app/` and `.venv/`.
    var root: String
    /// The `agent` executable next to this `coordinator`.
    var agentExecutable: String

    /// `CLUSTERBENCH_HOME` if set; otherwise the nearest folder above this executable, then above the working
    /// directory, that holds `app/app.py`.
    static func discover() throws -> ProjectPaths {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let binDirectory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let agent = binDirectory.appendingPathComponent("agent").path
        if let home = ProcessInfo.processInfo.environment["CLUSTERBENCH_HOME"], !home.isEmpty {
            return ProjectPaths(root: home, agentExecutable: agent)
        }
        for start in [binDirectory, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var folder = start
            while folder.path != "/" {
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("app/app.py").path) {
                    return ProjectPaths(root: folder.path, agentExecutable: agent)
                }
                folder.deleteLastPathComponent()
            }
        }
        throw RunError("cannot find the ClusterBench folder (with app/app.py) above \(binDirectory.path) or the "
            + "working directory; set CLUSTERBENCH_HOME")
    }
}

/// A run that could not go on, in one line.
struct RunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
