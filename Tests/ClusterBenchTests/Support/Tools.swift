import ChildProcesses
import Foundation

/// Runs the built `coordinator` and `agent` executables as a user would, and reads what they print.
enum Tools {
    /// The folder of the executables built beside this test bundle.
    static var binDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    static func path(_ tool: String) -> String { binDirectory + "/" + tool }

    /// What a finished command left behind.
    struct Result {
        var termination: Termination?
        /// Standard output and standard error, interleaved.
        var output: String

        var exitCode: Int32? {
            if case .exited(let code) = termination { return code }
            return nil
        }
    }

    /// Runs `tool arguments` from the package folder, giving up (and killing it) after `timeout`; `environment`
    /// adds to (or replaces variables of) the test's own.
    static func run(
        _ tool: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) throws -> Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("cb-\(tool)-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let child = try ChildProcess.spawn(
            path(tool), arguments: arguments, environment: environment, workingDirectory: TestSupport.projectRoot,
            outputFile: log)
        var termination = child.waitForExit(timeout: timeout)
        if termination == nil {
            child.terminate(grace: .seconds(5))
            termination = nil
        }
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return Result(termination: termination, output: output)
    }
}
