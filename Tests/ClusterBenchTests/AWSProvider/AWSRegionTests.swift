import AWS
import Foundation
import Testing

/// A region AWS does not have is bad input (exit code 2) before any request is sent, naming where the region came
/// from; with an endpoint override (moto, LocalStack) any well-formed name is accepted.
@Suite struct AWSRegionTests {
    /// The coordinator's environment: dummy credentials, no endpoint override, no profile files, no IMDS.
    private func environment(_ folder: String, _ extra: [String: String] = [:]) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "AWS_ENDPOINT_URL": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "",
            "AWS_SHARED_CREDENTIALS_FILE": folder + "/none", "AWS_CONFIG_FILE": folder + "/none",
            "AWS_EC2_METADATA_DISABLED": "true",
        ].merging(extra) { $1 }
    }

    private func config(_ folder: String, region: String?) throws -> String {
        let regionKey = region.map { "\"region\": \"\($0)\", " } ?? ""
        let text = """
            {"name": "region", "provider": {"name": "aws", \(regionKey)"ingressCIDRs": ["203.0.113.0/24"]},
             "clusters": [{"name": "cluster1", "path": "/cluster1", "instanceType": "m4.large", "count": 1}],
             "load": {"flows": [{"name": "A", "steps": [{"requests": 1}]}]}}
            """
        let path = folder + "/region.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func anUnknownRegionInTheConfigIsBadInput() throws {
        let folder = TestSupport.makeTemporaryDirectory("aws-region")
        defer { TestSupport.removeDirectory(folder) }
        let result = try Tools.run(
            "coordinator", ["provision", try config(folder, region: "us-east-9"), "--results-dir", folder],
            environment: environment(folder))
        #expect(result.exitCode == 2, "\(result.output)")
        #expect(
            result.output.hasPrefix(
                "error: aws: provider.region is \"us-east-9\", which is not an AWS region this client knows "
                    + "(regions of that prefix: us-east-1, us-east-2, us-gov-east-1, us-gov-west-1, us-west-1, us-west-2)"),
            "\(result.output)")
        #expect(result.output.split(separator: "\n").count == 1, "\(result.output)")
        #expect(!result.output.contains("wJalrXUtnFEMI"))
        // Nothing was started: no run folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["region.json"])
    }

    @Test func anUnknownRegionFromTheEnvironmentNamesTheVariable() throws {
        let folder = TestSupport.makeTemporaryDirectory("aws-region")
        defer { TestSupport.removeDirectory(folder) }
        let result = try Tools.run(
            "coordinator", ["provision", try config(folder, region: nil), "--results-dir", folder],
            environment: environment(folder, ["AWS_DEFAULT_REGION": "mars-north-1"]))
        #expect(result.exitCode == 2, "\(result.output)")
        #expect(
            result.output.hasPrefix(
                "error: aws: AWS_DEFAULT_REGION is \"mars-north-1\", which is not an AWS region this client knows; "
                    + "for another partition or a local endpoint set AWS_ENDPOINT_URL"),
            "\(result.output)")
    }

    @Test func anEndpointOverrideAcceptsAnyWellFormedRegion() {
        #expect(AWSRegions.problem(with: "us-east-9", source: "x", endpointOverrides: ["": "http://127.0.0.1:5000"]) == nil)
        #expect(AWSRegions.problem(with: "us-east-9", source: "x", endpointOverrides: ["EC2": "http://127.0.0.1:1"]) == nil)
        #expect(AWSRegions.problem(with: "eu-west-3", source: "x", endpointOverrides: [:]) == nil)
        #expect(AWSRegions.problem(with: "cn-northwest-1", source: "x", endpointOverrides: [:]) == nil)
        #expect(AWSRegions.known.count == 38)
    }
}
