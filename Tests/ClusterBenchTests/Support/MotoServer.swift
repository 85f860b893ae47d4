import AWS
import ChildProcesses
import Foundation

/// moto's server (`.venv/bin/moto_server`) on a free loopback port, with authentication on: the first
/// `unauthenticatedActions` calls are free, every later one must be signed by a key moto's IAM knows and whose
/// policy allows it. `start()` spends those free calls creating such a user and key through our own client.
final class MotoServer: Sendable {
    /// Calls moto lets through unsigned: CreateUser, PutUserPolicy, CreateAccessKey.
    static let unauthenticatedActions = 3

    let child: ChildProcess
    let port: Int
    let log: String
    /// The key of the IAM user made at start (allowed every action).
    let credentials: AWSCredentials

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts moto, waits (up to 30 s) for the port it prints (`Running on http://127.0.0.1:PORT`), then spends the
    /// free calls on an IAM user `clusterbench-test` allowed everything, and its key. Blocks: call it through
    /// `onOwnThread`.
    init() throws {
        let executable = TestSupport.projectRoot + "/.venv/bin/moto_server"
        guard TestSupport.isExecutable(executable) else { throw Failure("no \(executable): run scripts/setup.sh") }
        log = FileManager.default.temporaryDirectory.appendingPathComponent("cb-moto-\(UUID().uuidString).log").path
        child = try ChildProcess.spawn(
            executable, arguments: ["-H", "127.0.0.1", "-p", "0"],
            environment: ["INITIAL_NO_AUTH_ACTION_COUNT": String(Self.unauthenticatedActions)], outputFile: log)
        var found: Int?
        for _ in 0..<600 where found == nil {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "Running on http://127.0.0.1:") {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            } else if !child.isRunning {
                break
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        guard let found else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            child.terminate(grace: .seconds(2))
            throw Failure("moto_server printed no port within 30 s: \(text.suffix(500))")
        }
        port = found
        let bootstrap = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bootstrap")
        let iam = IAM(client: Self.client(baseURL: "http://127.0.0.1:\(found)", credentials: bootstrap))
        do {
            _ = try iam.createUser(name: "clusterbench-test")
            try iam.putUserPolicy(
                userName: "clusterbench-test", policyName: "everything",
                document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
            credentials = try iam.createAccessKey(userName: "clusterbench-test")
        } catch {
            child.terminate(grace: .seconds(2))
            throw error
        }
    }

    /// Starts a server on a thread of its own, keeping the concurrency pool free.
    static func start() async throws -> MotoServer {
        try await onOwnThread { try MotoServer() }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: log)
    }

    func stop() { child.terminate(grace: .seconds(5)) }

    /// A key of a new IAM user `name` whose only permissions are `policy` (a policy document), made by the
    /// allow-everything user: moto then refuses that key any action the policy does not allow.
    func user(_ name: String, policy: String) throws -> AWSCredentials {
        let iam = IAM(client: client())
        _ = try iam.createUser(name: name)
        try iam.putUserPolicy(userName: name, policyName: "\(name)-policy", document: policy)
        return try iam.createAccessKey(userName: name)
    }

    /// A client for moto signed with `credentials` (by default the IAM user's), retries off unless given.
    func client(credentials: AWSCredentials? = nil, retry: RetryPolicy = RetryPolicy(maximumAttempts: 1)) -> AWSClient {
        Self.client(baseURL: baseURL, credentials: credentials ?? self.credentials, retry: retry)
    }

    private static func client(
        baseURL: String, credentials: AWSCredentials, retry: RetryPolicy = RetryPolicy(maximumAttempts: 1)
    ) -> AWSClient {
        AWSClient(
            configuration: AWSConfiguration(
                region: "us-east-1", credentials: credentials, endpointOverrides: ["": baseURL]),
            retry: retry)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
