import Foundation
import Testing

@testable import Plugins

/// The instances' boot script: the self-destruct timer comes first, the app and its pins arrive verbatim, gunicorn
/// is shaped by the type, and bash accepts the whole script.
@Suite struct AWSUserDataTests {
    func userData(vCPUs: Int) throws -> AWSUserData {
        let root = TestSupport.projectRoot
        return AWSUserData(
            runID: "20261201-130000-tp1-ab12",
            appSource: try String(contentsOfFile: root + "/app/app.py", encoding: .utf8),
            requirements: try String(contentsOfFile: root + "/app/requirements.txt", encoding: .utf8),
            shape: GunicornShape(vCPUs: vCPUs), port: 8000, selfDestructMinutes: 180)
    }

    @Test func shapesFollowTheVCPUs() throws {
        // m4.large (2 vCPUs): 1 worker x 4 threads; t2.xlarge (4 vCPUs): 2 workers x 4 threads; t2.micro: 1 x 2.
        let shapes = [2, 4, 1].map { GunicornShape(vCPUs: $0) }.map { [$0.workers, $0.threads] }
        #expect(shapes == [[1, 4], [2, 4], [1, 2]])
        let script = try userData(vCPUs: 4).script
        #expect(script.contains("--bind 0.0.0.0:8000 --workers 2 --threads 4 app:app"))
    }

    @Test func theTimerIsArmedBeforeAnythingCanFail() throws {
        let lines = try userData(vCPUs: 2).script.split(separator: "\n").map(String.init)
        let timer = try #require(lines.firstIndex { $0.hasPrefix("shutdown -h +180 ") })
        let firstInstall = try #require(lines.firstIndex { $0.hasPrefix("dnf ") })
        #expect(timer < firstInstall)
        #expect(lines[0] == "#!/bin/bash")
    }

    @Test func theAppAndItsPinsArriveVerbatim() throws {
        let root = TestSupport.projectRoot
        let script = try userData(vCPUs: 2).script
        let app = try String(contentsOfFile: root + "/app/app.py", encoding: .utf8)
        #expect(script.contains("<<'CLUSTERBENCH_APP'\n" + app.trimmingCharacters(in: .newlines) + "\nCLUSTERBENCH_APP\n"))
        #expect(script.contains("Flask==3.1.3\ngunicorn==23.0.0\n"))
        // EC2 caps user data at 16 KiB before base64.
        #expect(script.utf8.count < 16 * 1024)
    }

    @Test func bashAcceptsTheScript() throws {
        let path = TestSupport.makeTemporaryDirectory("userdata") + "/user-data.sh"
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        try userData(vCPUs: 2).script.write(toFile: path, atomically: true, encoding: .utf8)
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-n", path]
        let errors = Pipe()
        bash.standardError = errors
        try bash.run()
        bash.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(bash.terminationStatus == 0, "\(message)")
    }
}
