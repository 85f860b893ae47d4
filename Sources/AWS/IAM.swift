/// The few IAM operations the tests and a credentials check need: a user, an inline policy, an access key.
public struct IAM: Sendable {
    /// The client that signs and sends.
    public var client: AWSClient

    /// IAM through `client`.
    public init(client: AWSClient) {
        self.client = client
    }

    /// Creates user `name`; returns its ARN.
    public func createUser(name: String) throws(AWSError) -> String {
        var parameters = QueryParameters(style: .member)
        parameters.set("UserName", name)
        let response = try client.query(.iam, "CreateUser", parameters)
        return response.string("CreateUserResult", "User", "Arn") ?? ""
    }

    /// Attaches an inline policy document (JSON) to user `userName`.
    public func putUserPolicy(userName: String, policyName: String, document: String) throws(AWSError) {
        var parameters = QueryParameters(style: .member)
        parameters.set("UserName", userName)
        parameters.set("PolicyName", policyName)
        parameters.set("PolicyDocument", document)
        _ = try client.query(.iam, "PutUserPolicy", parameters)
    }

    /// Creates an access key for user `userName`; the secret is in the returned credentials only.
    public func createAccessKey(userName: String) throws(AWSError) -> AWSCredentials {
        var parameters = QueryParameters(style: .member)
        parameters.set("UserName", userName)
        let response = try client.query(.iam, "CreateAccessKey", parameters)
        guard let key = response.at("CreateAccessKeyResult", "AccessKey"), let id = key.string("AccessKeyId"),
            let secret = key.string("SecretAccessKey")
        else {
            throw client.failure(
                .malformedResponse, .iam, "CreateAccessKey", status: 200, "no access key in the response")
        }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, source: "IAM user \(userName)")
    }
}
