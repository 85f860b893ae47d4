import ChildProcesses
import Foundation
import Testing

/// Runs Support/hdrh_check.py with .venv's Python: hdrh, an independent HdrHistogram implementation from PyPI.
enum Hdrh {
    static let python = TestSupport.projectRoot + "/.venv/bin/python"
    static let script = TestSupport.projectRoot + "/Tests/ClusterBenchTests/Support/hdrh_check.py"

    /// Whether `scripts/setup.sh` installed hdrhistogram into .venv (`.needsSetUp` fails the suite under CI if not).
    static var isAvailable: Bool {
        guard TestSupport.isExecutable(python),
            let versions = try? FileManager.default.contentsOfDirectory(atPath: TestSupport.projectRoot + "/.venv/lib")
        else { return false }
        return versions.contains { version in
            FileManager.default.fileExists(atPath: "\(TestSupport.projectRoot)/.venv/lib/\(version)/site-packages/hdrh")
        }
    }

    static let skipReason: Comment = "needs .venv with hdrhistogram (Tests/requirements.txt): run scripts/setup.sh"

    /// What the script printed for one histogram.
    struct Summary: Decodable {
        var lowest: UInt64
        var highest: UInt64
        var digits: Int
        var total: UInt64
        var min: UInt64
        var p50: UInt64
        var p99: UInt64
        var max: UInt64
        var tag: String?
        var start_ms: Double?
        var end_ms: Double?
        var log_start_s: Double?
    }

    /// Runs the script with `arguments` and decodes each JSON line it printed.
    static func run<T: Decodable>(_ arguments: [String], as type: T.Type = Summary.self) throws -> [T] {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hdrh-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let child = try ChildProcess.spawn(python, arguments: [script] + arguments, outputFile: output)
        let termination = child.waitForExit(timeout: .seconds(60))
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard case .exited(0) = termination else {
            if termination == nil { _ = child.terminate(grace: .seconds(2)) }
            let how = termination.map { "\($0)" } ?? "timed out"
            throw HdrhFailure(description: "hdrh_check.py \(arguments.first ?? ""): \(how)\n\(text)")
        }
        return try text.split(separator: "\n").filter { $0.hasPrefix("{") }.map {
            try JSONDecoder().decode(T.self, from: Data($0.utf8))
        }
    }

    struct HdrhFailure: Error, CustomStringConvertible {
        var description: String
    }
}
