import AWS
import ChildProcesses
import Foundation
import Testing

/// Our SigV4 signature for a realistic request (an EC2 Query POST with a session token, a host with a port and
/// a UTF-8 tag value) equals the one botocore computes for the same request, run from the project's virtualenv.
@Suite struct AWSBotocoreSignatureTests {
    struct Signed: Decodable {
        var authorization: String
        var canonical_request: String
        var string_to_sign: String
    }

    @Test(
        arguments: [
            ("ec2", "eu-west-3", "ec2.eu-west-3.amazonaws.com", "/", "token-Ab3/+=="),
            ("elasticloadbalancing", "us-east-1", "127.0.0.1:5000", "/", nil),
            ("monitoring", "ap-southeast-2", "127.0.0.1:8123", "/aws/flaky/x/2/throttle", "t"),
        ] as [(String, String, String, String, String?)])
    func matchesBotocore(service: String, region: String, host: String, path: String, token: String?) throws {
        var form = QueryParameters(style: .ec2)
        form.set("Action", "DescribeInstances")
        form.set("Version", "2016-11-15")
        form.set("Filter.1.Name", "tag:clusterbench:run")
        form.set("Filter.1.Value.1", "run 42/été*")
        let body = form.formBody
        let headers = [
            (name: "Host", value: host),
            (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
        ]
        let credentials = AWSCredentials(
            accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            sessionToken: token)
        let date = Date(timeIntervalSince1970: 1_709_251_199)  // 2024-02-29T23:59:59Z
        let ours = SigV4Signer(credentials: credentials, region: region, service: service)
            .sign(.init(method: "POST", path: path, headers: headers, body: Array(body.utf8)), at: date)

        let theirs = try Self.botocore([
            "method": "POST", "url": "http://\(host)\(path)", "headers": headers.map { [$0.name, $0.value] },
            "body": body, "access_key": credentials.accessKeyId, "secret_key": credentials.secretAccessKey,
            "token": token as Any, "region": region, "service": service, "timestamp": "20240229T235959Z",
        ])
        #expect(ours.canonicalRequest == theirs.canonical_request)
        #expect(ours.stringToSign == theirs.string_to_sign)
        #expect(ours.authorization == theirs.authorization)
        #expect(ours.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240229/\(region)/"))
    }

    /// Runs Support/botocore_sign.py with `spec` and decodes what it prints.
    static func botocore(_ spec: [String: Any]) throws -> Signed {
        let python = TestSupport.projectRoot + "/.venv/bin/python"
        let script = TestSupport.projectRoot + "/Tests/ClusterBenchTests/Support/botocore_sign.py"
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let output = TestSupport.makeTemporaryDirectory("botocore") + "/out.json"
        defer { TestSupport.removeDirectory(URL(fileURLWithPath: output).deletingLastPathComponent().path) }
        let child = try ChildProcess.spawn(python, arguments: [script, json], outputFile: output)
        let termination = child.waitForExit(timeout: .seconds(60))
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        try #require(termination == .exited(0), "botocore_sign.py failed: \(text)")
        return try JSONDecoder().decode(Signed.self, from: Data(text.utf8))
    }
}
