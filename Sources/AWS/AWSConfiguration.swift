/// Where and as whom the client calls AWS: the region, the credentials and any endpoint overrides.
public struct AWSConfiguration: Sendable {
    /// `us-east-1`.
    public var region: String
    /// The key that signs every request.
    public var credentials: AWSCredentials
    /// Endpoint overrides by `AWSService.environmentName` (`EC2`); the key `""` overrides every service.
    public var endpointOverrides: [String: String]

    /// A configuration; see the properties.
    public init(region: String, credentials: AWSCredentials, endpointOverrides: [String: String] = [:]) {
        self.region = region
        self.credentials = credentials
        self.endpointOverrides = endpointOverrides
    }

    /// Everything from `environment` as the AWS CLI finds it: the region (`resolveRegion`), the credentials
    /// (`CredentialChain`) and the endpoint variables (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the
    /// profile's `endpoint_url`).
    public static func resolve(
        environment: AWSEnvironment = .current(), chain: CredentialChain? = nil
    ) throws(AWSError) -> AWSConfiguration {
        let region = try resolveRegion(environment)
        let credentials = try (chain ?? CredentialChain(environment: environment)).resolve()
        var overrides: [String: String] = [:]
        let profileEndpoint = ProfileFile.load(environment.configFile)?
            .configProfile(environment.profile)?["endpoint_url"]
        if let all = environment["AWS_ENDPOINT_URL"] ?? profileEndpoint { overrides[""] = all }
        for (name, value) in environment.variables where name.hasPrefix("AWS_ENDPOINT_URL_") && !value.isEmpty {
            overrides[String(name.dropFirst("AWS_ENDPOINT_URL_".count))] = value
        }
        return AWSConfiguration(region: region, credentials: credentials, endpointOverrides: overrides)
    }

    /// The region from `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` in the config file.
    ///
    /// - Throws: `AWSError` of kind `.configuration` naming the places it looked, or the malformed value.
    public static func resolveRegion(_ environment: AWSEnvironment) throws(AWSError) -> String {
        try resolveRegionAndSource(environment).region
    }

    /// The region as `resolveRegion` finds it, and where it was found (`AWS_REGION`, `AWS_DEFAULT_REGION`, or the
    /// profile's `region` in its config file).
    public static func resolveRegionAndSource(
        _ environment: AWSEnvironment
    ) throws(AWSError) -> (region: String, source: String) {
        let profile = environment.profile
        let configFile = environment.configFile
        let candidates: [(String, String?)] = [
            ("AWS_REGION", environment["AWS_REGION"]),
            ("AWS_DEFAULT_REGION", environment["AWS_DEFAULT_REGION"]),
            (
                "region of profile \(profile) in \(configFile)",
                ProfileFile.load(configFile)?.configProfile(profile)?["region"]
            ),
        ]
        guard let (source, region) = candidates.first(where: { $0.1 != nil && !$0.1!.isEmpty }).map({ ($0.0, $0.1!) })
        else {
            throw AWSError(
                kind: .configuration,
                message: "no AWS region: looked at AWS_REGION, AWS_DEFAULT_REGION and the region of profile "
                    + "\(profile) in \(configFile)")
        }
        guard isRegionName(region) else {
            throw AWSError(
                kind: .configuration,
                message: "\(source) is \"\(region)\", which is not a region name "
                    + "such as us-east-1")
        }
        return (region, source)
    }

    /// Whether `name` has the shape of a region (`us-east-1`, `ap-southeast-2`, `us-gov-west-1`): three or four
    /// parts joined by `-`, lowercase ASCII letters, the last a number. The one rule for a region's shape, for the
    /// config's `provider.region` as for the environment and profile.
    public static func isRegionName(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard (3...4).contains(parts.count), let last = parts.last, !last.isEmpty, last.allSatisfy(\.isNumber)
        else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= "a" && $0 <= "z" } }
    }

    /// The base URL requests to `service` go to: its override, the global override, else
    /// `https://<prefix>.<region>.amazonaws.com` (`https://iam.amazonaws.com` for IAM; `.com.cn` in China).
    public func endpoint(for service: AWSService) -> String {
        if let url = endpointOverrides[service.environmentName] ?? endpointOverrides[""] {
            return url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        if service.isGlobal { return "https://\(service.endpointPrefix).\(domain)" }
        return "https://\(service.endpointPrefix).\(region).\(domain)"
    }

    /// The region in the signature's scope: `us-east-1` for global services, else the configured region.
    public func signingRegion(for service: AWSService) -> String {
        service.isGlobal && !region.hasPrefix("cn-") ? "us-east-1" : region
    }
}
