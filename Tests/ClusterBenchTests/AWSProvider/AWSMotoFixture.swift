import AWS
import Foundation

@testable import Plugins

/// What the `aws` provider's tests share: a config file in a folder of its own, the environment that points the
/// built `coordinator` at moto, and a look at what moto holds for a run.
struct AWSMotoFixture {
    let moto: MotoServer
    let folder: String
    /// The key the coordinator runs with: an IAM user holding exactly the policy docs/aws.md documents, so that
    /// moto refuses any call the documented policy does not allow.
    let credentials: AWSCredentials

    /// A fixture over `moto` with a fresh temporary folder and a user with the documented policy (changed by `edit`).
    init(_ moto: MotoServer, policy edit: (String) -> String = { $0 }) throws {
        self.moto = moto
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cb-aws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        credentials = try moto.user("clusterbench-documented", policy: edit(try Self.documentedPolicy()))
    }

    /// The policy document under docs/aws.md's "## IAM policy" heading (its first ```json block).
    static func documentedPolicy() throws -> String {
        let text = try String(contentsOfFile: TestSupport.projectRoot + "/docs/aws.md", encoding: .utf8)
        guard let section = text.range(of: "## IAM policy"),
            let open = text.range(of: "```json\n", range: section.upperBound..<text.endIndex),
            let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex)
        else { throw MotoServer.Failure("docs/aws.md has no ```json block under ## IAM policy") }
        return String(text[open.upperBound..<close.lowerBound])
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes the two-cluster config on `aws` (2 x m4.large on /cluster1, 3 x t2.xlarge on /cluster2) and returns
    /// its path.
    func config(extra: String = "") throws -> String {
        let text = """
            {
              "name": "awstest",
              "provider": {"name": "aws", "region": "us-east-1", "availabilityZones": ["us-east-1a", "us-east-1b"],
                           "ingressCIDRs": ["203.0.113.0/24"], "metricsSettle": "0s", "healthTimeout": "30s"\(extra)},
              "clusters": [
                {"name": "cluster1", "path": "/cluster1", "instanceType": "m4.large", "count": 2},
                {"name": "cluster2", "path": "/cluster2", "instanceType": "t2.xlarge", "count": 3}
              ],
              "load": {"schedule": "sequential", "flows": [{"name": "A", "steps": [{"requests": 10}]}]}
            }
            """
        let path = folder + "/aws.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The environment of a `coordinator` that talks to moto as the documented-policy user (or with `secret`).
    func environment(secret: String? = nil, extra: [String: String] = [:]) -> [String: String] {
        [
            "AWS_ENDPOINT_URL": moto.baseURL, "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": secret ?? credentials.secretAccessKey,
            "AWS_SHARED_CREDENTIALS_FILE": folder + "/none", "AWS_CONFIG_FILE": folder + "/none",
            "AWS_EC2_METADATA_DISABLED": "true", "CLUSTERBENCH_AWS_POLL_SECONDS": "0.2",
        ].merging(extra) { $1 }
    }

    /// `coordinator ARGUMENTS` against moto.
    func coordinator(_ arguments: [String], environment: [String: String]? = nil) throws -> Tools.Result {
        try Tools.run("coordinator", arguments, environment: environment ?? self.environment(), timeout: .seconds(120))
    }

    /// Every live resource moto holds tagged `clusterbench:run` (any run), as `kind id`.
    func tagged() throws -> [String] {
        try AWSProvider.tagged(moto.client()).map { "\($0.kind) \($0.id)" }
    }
}
