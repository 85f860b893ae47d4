import ChildProcesses
import Foundation

/// The Python HTTP/1.1 server in `test_server.py`, started on a free loopback port for one test.
final class TestServer {
    let child: ChildProcess
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("test_server.py")
        let portFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("cb-test-server-\(UUID().uuidString).out").path
        child = try ChildProcess.spawn("python3", arguments: ["-u", script.path], outputFile: portFile)
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        // The first line of its output is the port; allow 10 s for the interpreter to start.
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let line = text.split(separator: "\n").first,
                text.contains("\n"), let port = Int(line)
            {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        child.terminate(grace: .seconds(1))
        throw TestServerError(description: "test server printed no port within 10 s")
    }

    deinit { stop() }

    func stop() { child.terminate(grace: .seconds(2)) }

    struct TestServerError: Error, CustomStringConvertible { var description: String }
}
