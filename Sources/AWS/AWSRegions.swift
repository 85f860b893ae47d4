/// The regions this client can reach without an endpoint override: the `aws`, `aws-cn` and `aws-us-gov`
/// partitions (endpoints under `amazonaws.com` and `amazonaws.com.cn`), as listed by botocore 1.44.5's
/// `endpoints.json` (checked 2026-12-01). The isolated and sovereign partitions use other domains: reach them with
/// `AWS_ENDPOINT_URL`.
public enum AWSRegions {
    /// Every region name of those partitions.
    public static let known: Set<String> = [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
        "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
        "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
    ]

    /// Nil when `region` is known or an endpoint is overridden (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`:
    /// a local endpoint such as moto's takes any region name); otherwise why the region cannot be used, in one line.
    public static func problem(with region: String, source: String, endpointOverrides: [String: String]) -> String? {
        if known.contains(region) || !endpointOverrides.isEmpty { return nil }
        let names = known.filter { $0.hasPrefix(region.split(separator: "-").first.map { $0 + "-" } ?? "") }.sorted()
        let near = names.isEmpty ? "" : " (regions of that prefix: \(names.joined(separator: ", ")))"
        return "\(source) is \"\(region)\", which is not an AWS region this client knows\(near); "
            + "for another partition or a local endpoint set AWS_ENDPOINT_URL"
    }
}
