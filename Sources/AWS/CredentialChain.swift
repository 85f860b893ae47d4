/// The standard credential chain, in the AWS CLI's order:
///
/// 1. `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`;
/// 2. the profile (`AWS_PROFILE`, else `default`) in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
///    else `~/.aws/credentials`);
/// 3. the same profile in the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`);
/// 4. the EC2 instance metadata service (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// When nothing is found the error lists every place looked at and what was there; no error ever shows a secret.
public struct CredentialChain: Sendable {
    /// Variables and home folder to read.
    public var environment: AWSEnvironment
    /// The instance metadata client (its endpoint from `AWS_EC2_METADATA_SERVICE_ENDPOINT`).
    public var metadata: InstanceMetadata

    /// A chain reading `environment`.
    public init(environment: AWSEnvironment = .current()) {
        self.environment = environment
        self.metadata = InstanceMetadata(environment: environment)
    }

    /// The first credentials found.
    ///
    /// - Throws: `AWSError` of kind `.credentials`: half a key pair in one place, a named profile that exists
    ///   nowhere, or nothing anywhere (the message lists each place and why it gave nothing).
    public func resolve() throws(AWSError) -> AWSCredentials {
        var looked: [String] = []
        if let credentials = try fromVariables(&looked) { return credentials }

        let profile = environment.profile
        let files: [(path: String, isConfig: Bool)] = [
            (environment.credentialsFile, false), (environment.configFile, true),
        ]
        var profileSeen = false
        for file in files {
            guard let parsed = ProfileFile.load(file.path) else {
                looked.append("\(file.path) (no such file)")
                continue
            }
            guard let settings = file.isConfig ? parsed.configProfile(profile) : parsed.credentialsProfile(profile)
            else {
                looked.append("\(file.path) (no profile \(profile))")
                continue
            }
            profileSeen = true
            let where_ = "profile \(profile) in \(file.path)"
            if let credentials = try keys(
                settings["aws_access_key_id"], settings["aws_secret_access_key"], settings["aws_session_token"],
                idName: "aws_access_key_id", secretName: "aws_secret_access_key", source: where_)
            {
                return credentials
            }
            looked.append("\(file.path) (profile \(profile) has no aws_access_key_id)")
        }
        if environment["AWS_PROFILE"] != nil && !profileSeen {
            throw AWSError(
                kind: .credentials,
                message: "AWS_PROFILE names profile \(profile), which is in neither \(environment.credentialsFile) "
                    + "nor \(environment.configFile)")
        }

        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            looked.append("instance metadata (disabled by AWS_EC2_METADATA_DISABLED)")
        } else {
            switch metadata.credentials() {
            case .success(let credentials): return credentials
            case .failure(let reason): looked.append("instance metadata at \(metadata.endpoint) (\(reason))")
            }
        }
        throw AWSError(
            kind: .credentials, message: "no AWS credentials found; looked at " + looked.joined(separator: ", "))
    }

    /// Step 1: the environment variables; nil when neither key variable is set.
    private func fromVariables(_ looked: inout [String]) throws(AWSError) -> AWSCredentials? {
        let credentials = try keys(
            environment["AWS_ACCESS_KEY_ID"], environment["AWS_SECRET_ACCESS_KEY"], environment["AWS_SESSION_TOKEN"],
            idName: "AWS_ACCESS_KEY_ID", secretName: "AWS_SECRET_ACCESS_KEY", source: "environment")
        if credentials == nil { looked.append("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (unset)") }
        return credentials
    }

    /// A key pair from one place; nil when neither half is there, an error when only one is.
    private func keys(
        _ id: String?, _ secret: String?, _ token: String?, idName: String, secretName: String, source: String
    ) throws(AWSError) -> AWSCredentials? {
        let id = id.flatMap { $0.isEmpty ? nil : $0 }
        let secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil):
            return nil
        case (let id?, let secret?):
            return AWSCredentials(
                accessKeyId: id, secretAccessKey: secret, sessionToken: token.flatMap { $0.isEmpty ? nil : $0 },
                source: source)
        case (nil, _):
            throw AWSError(kind: .credentials, message: "\(source): \(secretName) is set but \(idName) is not")
        case (_, nil):
            throw AWSError(kind: .credentials, message: "\(source): \(idName) is set but \(secretName) is not")
        }
    }
}
