/// AWS Security Token Service's `GetCallerIdentity`: who the credentials belong to (and whether they work).
public struct STS: Sendable {
    /// The client that signs and sends.
    public var client: AWSClient

    /// STS through `client`.
    public init(client: AWSClient) {
        self.client = client
    }

    /// The account, user id and ARN behind the client's credentials.
    public struct Identity: Sendable, Equatable {
        /// The 12-digit account id.
        public var account: String
        /// The caller's unique id.
        public var userId: String
        /// The caller's ARN.
        public var arn: String
    }

    /// Who is calling; fails with an authentication error when the credentials are refused.
    public func getCallerIdentity() throws(AWSError) -> Identity {
        let response = try client.query(.sts, "GetCallerIdentity", QueryParameters(style: .member))
        return Identity(
            account: response.string("GetCallerIdentityResult", "Account") ?? "",
            userId: response.string("GetCallerIdentityResult", "UserId") ?? "",
            arn: response.string("GetCallerIdentityResult", "Arn") ?? "")
    }
}
